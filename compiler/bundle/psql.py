"""The psql bundle: deploy.sql, revert.sql, status.sql, verify.sql and the
migrations, each cut at its COMMIT so that its history record commits with
it. The scripts and `schemac apply` keep one history, so either goes on
from where the other stopped."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.deploy.apply import TOOL
from compiler.deploy.migrations import Migration, OutsideStep, ScriptParts
from compiler.render.bundle import history_script, psql_script

BUNDLE_TOOL = f"{TOOL} (psql bundle)"


@dataclass(frozen=True)
class Bundled:
    """What the templates need of a migration."""

    number: int
    name: str
    checksums: dict[str, str]
    source_state: str
    target_state: str
    steps: int
    outside: tuple[OutsideStep, ...]
    irreversible: tuple[str, ...]
    up: ScriptParts
    down: ScriptParts


def _bundled(m: Migration) -> Bundled:
    up = m.parts("up.sql")
    return Bundled(m.number, m.name, m.checksums, m.source_state, m.target_state, len(m.plan["steps"]), up.outside,
                   tuple(m.irreversible_steps), up, m.parts("down.sql"))


def _transaction(parts: ScriptParts) -> str:
    """The part before COMMIT, without the blanked psql header line."""
    return parts.transaction.lstrip(" ").lstrip("\n").rstrip() + "\n"


def files(migrations: list[Migration], project: str) -> dict[str, str]:
    bundled = [_bundled(m) for m in migrations]
    context = {"migrations": bundled, "tool": BUNDLE_TOOL}
    out = {
        "deploy.sql": psql_script("deploy.sql", **context),
        "revert.sql": psql_script("revert.sql", **context),
        "status.sql": psql_script("status.sql", **context),
        "verify.sql": psql_script("verify.sql", **context),
        "README.md": psql_script("README.md", project=project, **context),
        "lib/history.sql": history_script(),
    }
    for m, b in zip(migrations, bundled):
        folder = f"migrations/{m.name}"
        for script in ("up.sql", "down.sql", "verify.sql"):
            out[f"{folder}/{script}"] = m.text(script)
        out[f"{folder}/deploy.sql"] = psql_script("migration_deploy.sql", m=b, transaction=_transaction(b.up),
                                                  tool=BUNDLE_TOOL)
        if b.outside:
            out[f"{folder}/outside.sql"] = psql_script("migration_outside.sql", m=b, tool=BUNDLE_TOOL)
        out[f"{folder}/revert.sql"] = psql_script("migration_revert.sql", m=b, transaction=_transaction(b.down),
                                                  outside=b.down.outside, tool=BUNDLE_TOOL)
    return out
