"""The text of the deploy bundles (templates/deploy/psql/): the psql
scripts that deploy, revert, verify and report on a database with the same
history `schemac apply` keeps."""

from __future__ import annotations

from compiler.render import deploy
from compiler.render.env import render


def psql_script(name: str, **context) -> str:
    """One file of the psql bundle: `templates/deploy/psql/<name>.j2`."""
    return render(f"deploy/psql/{name}.j2", schema=deploy.HISTORY_SCHEMA, lock_key=deploy.LOCK_KEY, **context)


def history_script() -> str:
    return psql_script("history.sql", layout=deploy.history_layout(), layout_version=deploy.LAYOUT)


def sqitch_file(name: str, **context) -> str:
    """One file of the Sqitch project: `templates/deploy/sqitch/<name>.j2`."""
    return render(f"deploy/sqitch/{name}.j2", **context)


def pgtap_file(name: str, **context) -> str:
    """One file of the pgTAP export: `templates/deploy/pgtap/<name>.j2`."""
    return render(f"deploy/pgtap/{name}.j2", **context)


def flyway_file(name: str, **context) -> str:
    """One file of the Flyway migrations: `templates/deploy/flyway/<name>.j2`."""
    return render(f"deploy/flyway/{name}.j2", **context)
