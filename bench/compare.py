"""Two versions of youthvoice under the same load, in one run: is a change faster, or was the machine quieter?

    .venv/bin/python bench/compare.py OLD_REF [--new-ref REF] [--db sqlite|postgresql] [--rounds 3]

This machine's speed drifts by 20-30 % within minutes (a shared host), so two runs of bench/load.py taken at
different times cannot tell a 15 % improvement from noise. This script seeds the large municipality once
(bench/seed.py), checks out OLD_REF (and NEW_REF, default: the working tree) with `git worktree`, and serves
each with gunicorn as in production, alternating old and new `--rounds` times with the same wrk load as
bench/load.py (32 connections, the same 500 logged-in people per page). It prints a Markdown table of the
medians: requests per second, p95, and the server's CPU time per request (the most stable of the three).

Both versions must run on the same schema: the database is migrated by this checkout. For a measure that does
not drift with the machine, see bench/calls.py (Python calls per request, `--tree` for another checkout).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import load
from load import PAGES, ROOT, Cleanup, Server, create_databases, drive, in_process_app, log, migrate


def worktree(ref: str, workdir: Path, cleanup: Cleanup) -> Path:
    path = workdir / f"tree-{ref.replace('/', '_')}"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(path), ref], cwd=ROOT, check=True)
    cleanup.add(f"worktree {ref}", lambda: subprocess.run(["git", "worktree", "remove", "--force", str(path)],
                                                            cwd=ROOT, check=False))
    return path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old_ref", help="the git commit (or branch, tag) to compare against")
    parser.add_argument("--new-ref", help="the other version (default: this working tree, as it is)")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=3, help="old, new, old, new, ... this many times each")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds of load per page and round")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--pages", default=",".join(spec.key for spec in PAGES))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from seed import LARGE, login_sessions, seed_municipality

    from youthvoice.privacy.sealing import MasterKeys

    args = parse_args(argv)
    load_args = argparse.Namespace(generator="wrk" if shutil.which("wrk") else "python", warmup=args.warmup,
                                   duration=args.duration, connections=32, wrk_threads=2)
    signal.signal(signal.SIGTERM, load._on_sigterm)
    cleanup = Cleanup()
    workdir = Path(tempfile.mkdtemp(prefix="yv-compare-"))
    cleanup.add("temporary folder", lambda: shutil.rmtree(workdir, ignore_errors=True))
    try:
        versions = {"old": worktree(args.old_ref, workdir, cleanup),
                    "new": worktree(args.new_ref, workdir, cleanup) if args.new_ref else ROOT}
        env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(32), "MASTER_KEYS": MasterKeys.new_key_text("cmp1"),
               "RATELIMIT_ENABLED": "false", "DEMO_MODE": "false", "YOUTHVOICE_INSTANCE": str(workdir / "instance")}
        env.pop("REDIS_URL", None)
        database = create_databases(args.db, workdir, cleanup)[0]
        migrate(database, env)
        database.app = in_process_app(database, env, workdir / "instance")
        cleanup.add("engine", database.app.extensions["yv_engine"].dispose)
        log("seeding the large municipality …")
        seeded = seed_municipality(database.app, LARGE, name="Compare Kommune")
        if args.db == "postgresql":
            with database.app.extensions["yv_engine"].connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")
        pages = [spec for spec in PAGES if spec.key in args.pages.split(",")]
        targets = {}
        for spec in pages:
            users = spec.users(seeded)[:load.MAX_USERS_PER_PAGE]
            raw = login_sessions(database.app, users, staff=spec.staff)
            targets[spec.key] = [(spec.path(seeded, u), raw[u]) for u in users]
        runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for round_number in range(1, args.rounds + 1):
            for label, tree in versions.items():
                # gunicorn puts its working folder first on the import path: each version imports its own code
                server = Server(label, ["youthvoice.wsgi:app"], {**env, "DATABASE_URL": database.url}, tree,
                                workdir / f"gunicorn-{label}.log")
                try:
                    server.wait_ready("/healthz")
                    for spec in pages:
                        log(f"round {round_number}: {label}, {spec.key} …")
                        run = drive(server, targets[spec.key], workdir, f"{label}-{spec.key}", load_args)
                        runs.setdefault((spec.key, label), []).append(run)
                        log(f"  {run['rps']:.0f} req/s, p50 {run['p50']:.0f} ms, p95 {run['p95']:.0f} ms, "
                            f"CPU {run.get('cpu_ms', float('nan')):.2f} ms per request, {run['non_200']} not 200")
                finally:
                    server.stop()
        print(report(args, pages, runs))
        return 0
    except KeyboardInterrupt:
        log("interrupted: cleaning up")
        return 130
    finally:
        cleanup.run()


def report(args: argparse.Namespace, pages: list[Any], runs: dict[tuple[str, str], list[dict[str, Any]]]) -> str:
    def median(key: str, label: str, field: str) -> float:
        return statistics.median(run[field] for run in runs[(key, label)] if run.get(field) is not None)

    new = args.new_ref or "working tree"
    lines = [f"Old `{args.old_ref}` against new `{new}` on {args.db}, {args.rounds} alternating rounds of "
             f"{args.duration:g} s per page (medians); gunicorn `-k gthread --threads "
             f"{load.GUNICORN['threads']} -w {load.GUNICORN['workers']}`, 32 connections.", "",
             "| page | req/s old | req/s new | p95 ms old | p95 ms new | CPU ms per request old | new | change |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for spec in pages:
        old_cpu, new_cpu = median(spec.key, "old", "cpu_ms"), median(spec.key, "new", "cpu_ms")
        lines.append(f"| {spec.key} | {median(spec.key, 'old', 'rps'):.0f} | {median(spec.key, 'new', 'rps'):.0f} | "
                     f"{median(spec.key, 'old', 'p95'):.0f} | {median(spec.key, 'new', 'p95'):.0f} | "
                     f"{old_cpu:.2f} | {new_cpu:.2f} | {100 * (new_cpu - old_cpu) / old_cpu:+.0f} % |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
