"""Python function calls per request for each key page: a cost measure that does not drift with the machine.

    .venv/bin/python bench/calls.py [--db sqlite|postgresql] [--tree PATH] [--large] [--pages dashboard,home]
                                    [--profile 25]

Time on this shared machine drifts by 20-30 % within minutes, so a small gain or loss cannot be seen in
milliseconds. The number of Python function calls a request makes (counted by cProfile, in-process, Flask test
client) is the same from run to run and follows CPU time closely on these pages. `--tree` measures another
checkout (e.g. a `git worktree` of an older commit; the database is migrated by this checkout, so both must
share the schema) on the same seed: the small municipality of bench/seed.py.
Also prints the CPU time per request (best of three), for scale.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import load  # puts this checkout first on the import path; --tree goes in front of it below


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--tree", type=Path, default=load.ROOT, help="the checkout whose youthvoice is measured")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--large", action="store_true", help="the LARGE municipality of load.py (slow to seed)")
    parser.add_argument("--pages", default="",
                        help="comma list of page keys (default: the four key pages; also admin, admin-voice: the "
                             "admin pages of issue 25.5, which must not grow from the small to the --large data)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print each page's N costliest functions")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"],
                        help="--profile's order: own time or time including callees")
    parser.add_argument("--dump", type=Path, default=None, metavar="DIR",
                        help="also write each page's profile to DIR/<page>.prof (for pstats: callers, call counts)")
    args = parser.parse_args(argv)
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))
    from seed import LARGE, QUICK, login_sessions, seed_municipality

    import youthvoice
    from youthvoice.privacy.sealing import MasterKeys

    if not Path(youthvoice.__file__).resolve().is_relative_to(tree):
        raise SystemExit(f"youthvoice was imported from {youthvoice.__file__}, not from {tree}")
    cleanup = load.Cleanup()
    workdir = Path(tempfile.mkdtemp(prefix="yv-calls-"))
    cleanup.add("temporary folder", lambda: shutil.rmtree(workdir, ignore_errors=True))
    try:
        env = {**os.environ, "SECRET_KEY": "calls" * 8, "MASTER_KEYS": MasterKeys.new_key_text("calls1"),
               "RATELIMIT_ENABLED": "false", "DEMO_MODE": "false", "YOUTHVOICE_INSTANCE": str(workdir / "instance")}
        env.pop("REDIS_URL", None)
        database = load.create_databases(args.db, workdir, cleanup)[0]
        load.migrate(database, env)
        app = database.app = load.in_process_app(database, env, workdir / "instance")
        cleanup.add("engine", app.extensions["yv_engine"].dispose)
        seeded = seed_municipality(app, LARGE if args.large else QUICK, name="Calls Kommune")
        print(f"youthvoice from {tree}, {args.db}, {args.requests} requests per page\n")
        print("| page | Python calls per request | CPU ms per request (best of 3) |\n|---|---:|---:|")
        wanted = set(filter(None, args.pages.split(",")))
        for spec in [page for page in (*load.PAGES, *ADMIN_PAGES) if page.key in wanted
                     or (not wanted and page in load.PAGES)]:
            users = spec.users(seeded)[:20] if spec in load.PAGES else _admins(app, seeded)
            raw = login_sessions(app, users, staff=spec.staff)
            client = app.test_client()

            def get(i: int, spec: load.PageSpec = spec, users: list = users, raw: dict = raw,
                    client: object = client) -> None:
                user = users[i % len(users)]
                client.set_cookie("yv_session", raw[user], domain="localhost")  # type: ignore[attr-defined]
                response = client.get(spec.path(seeded, user),  # type: ignore[attr-defined]
                                      headers={"Accept-Language": "da", "Accept-Encoding": "br, gzip"})
                if response.status_code != 200:
                    raise RuntimeError(f"{spec.key} answered {response.status_code}")

            for i in range(len(users)):  # warm: templates compiled, statements cached
                get(i)
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(args.requests):
                get(i)
            profiler.disable()
            calls = pstats.Stats(profiler).total_calls / args.requests  # type: ignore[attr-defined]
            cpu = []
            for _ in range(3):
                started = time.process_time()
                for i in range(args.requests):
                    get(i)
                cpu.append((time.process_time() - started) * 1000 / args.requests)
            print(f"| {spec.key} | {calls:,.0f} | {min(cpu):.2f} |")
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                profiler.dump_stats(args.dump / f"{spec.key}.prof")
            if args.profile:
                pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
        return 0
    finally:
        cleanup.run()


@dataclass(frozen=True)
class AdminPage(load.PageSpec):
    """An admin page (issue 25.5): the same for any admin of the municipality."""

    url: str = "/admin/"

    def path(self, seeded: Any, user_id: Any) -> str:
        return self.url


ADMIN_PAGES = (AdminPage("admin", "admin start `/admin/`", staff=True, young_persons_page=False),
               AdminPage("admin-voice", "how it feels `/admin/voice`", staff=True, young_persons_page=False,
                         url="/admin/voice"))


def _admins(app: Any, seeded: Any) -> list[Any]:
    from sqlmodel import select

    from youthvoice.core.db import new_session
    from youthvoice.identity.models import Role, User

    with new_session(app, write=False) as db:
        return list(db.exec(select(User.id).where(User.role == Role.ADMIN,
                                                  User.municipality_id == seeded.municipality_id)))


if __name__ == "__main__":
    sys.exit(main())
