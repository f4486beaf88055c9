"""Web Push's and email's commands: make a VAPID key pair; send again where the last push or email failed or waited
(also jobs of the worker)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from youthvoice.core.cli import run_job_command
from youthvoice.core.jobs import Outcome, add_job
from youthvoice.notify import mail
from youthvoice.notify.push import new_vapid_private_key, public_key_for, retry_failed


def push_retry(app: Flask) -> Outcome:
    """Send again where the last push failed and something is still unread."""
    count = retry_failed(app)
    return Outcome({"devices": count}, [f"sent again to {count} devices"])


def email_retry(app: Flask) -> Outcome:
    """One email for each person whose news waited (the 15 minutes, or a failed try) and is still unread."""
    count = mail.retry_waiting(app)
    return Outcome({"emails": count}, [f"sent {count} emails that waited"])


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


@push_group.command("retry")
@with_appcontext
def push_retry_command() -> None:
    """Send again to the devices whose last push failed, if their person still has something unread (the worker
    runs it every 15 minutes)."""
    run_job_command("push-retry")


@click.group("email")
def email_group() -> None:
    """Email: "you have something new in youthvoice", for those who turned it on."""


@email_group.command("retry")
@with_appcontext
def email_retry_command() -> None:
    """Send the emails that waited for the 15 minutes or failed, where the news is still unread (the worker runs it
    every 5 minutes)."""
    run_job_command("email-retry")


def init_app(app: Flask) -> None:
    """Add the area's jobs and commands to `youthvoice`."""
    add_job(app, "push-retry", push_retry, schedule="every 15m")
    add_job(app, "email-retry", email_retry, schedule="every 5m")
    app.cli.add_command(push_group)
    app.cli.add_command(email_group)
