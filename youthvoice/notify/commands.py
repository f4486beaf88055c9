"""Web Push's command: make a VAPID key pair."""

from __future__ import annotations

import click
from flask import Flask

from youthvoice.notify.push import new_vapid_private_key, public_key_for


@click.group("push")
def push_group() -> None:
    """Web Push: phones told "you have something new"."""


@push_group.command("keys")
@click.option("--subject", default="mailto:it@example.dk", show_default=True,
              help="A mailto: or https: address where the push services can reach whoever runs youthvoice.")
def push_keys_command(subject: str) -> None:
    """Print a new VAPID key pair as environment lines. Keep the private key secret; changing it later turns push
    off on every phone until the person turns it on again."""

    if not subject.startswith(("mailto:", "https://")):
        raise click.BadParameter("must start with mailto: or https://", param_hint="--subject")
    private_key = new_vapid_private_key()
    click.echo(f"VAPID_PRIVATE_KEY={private_key}")
    click.echo(f"VAPID_PUBLIC_KEY={public_key_for(private_key)}")
    click.echo(f"VAPID_SUBJECT={subject}")


def init_app(app: Flask) -> None:
    """Add the area's commands to `youthvoice`."""
    app.cli.add_command(push_group)
