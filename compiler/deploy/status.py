"""`schemac status`: where a database stands against generated/ — the
migrations applied (when, by whom, how long), those pending, those edited
since they ran, those whose steps after COMMIT did not all run, and whether
the database drifted from the migration it is at (its verify.sql)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from compiler.deploy.history import Applied, read_history
from compiler.deploy.migrations import local_migrations
from compiler.deploy.verification import drift_rows


@dataclass
class Status:
    applied: list[Applied]
    pending: list[str]
    unknown: list[str] = field(default_factory=list)  # applied, but generated/ has no such migration
    edited: list[str] = field(default_factory=list)  # scripts changed since they ran
    unfinished: list[str] = field(default_factory=list)
    drift: list[str] | None = None  # None: not checked (nothing applied, or history not trusted)

    @property
    def at(self) -> str | None:
        return self.applied[-1].name if self.applied else None

    @property
    def clean(self) -> bool:
        """Up to date, as generated/ says, and holding what it promises."""
        return not (self.pending or self.unknown or self.edited or self.unfinished or self.drift)

    def as_dict(self) -> dict:
        return {
            "at": self.at, "clean": self.clean,
            "applied": [{"number": a.number, "name": a.name, "applied_at": a.applied_at.isoformat(),
                         "applied_by": a.applied_by, "tool": a.tool, "duration_ms": a.duration_ms,
                         "steps_outside": a.steps_outside, "steps_outside_done": a.steps_outside_done}
                        for a in self.applied],
            "pending": self.pending, "unknown": self.unknown, "edited": self.edited, "unfinished": self.unfinished,
            "drift": self.drift,
        }


def status(conn: psycopg.Connection, generated: Path) -> Status:
    local = local_migrations(generated)
    by_number = {m.number: m for m in local}
    history = read_history(conn)
    done = {row.number for row in history}
    result = Status(history, [m.name for m in local if m.number not in done])
    for row in history:
        migration = by_number.get(row.number)
        if migration is None or migration.name != row.name:
            result.unknown.append(row.name)
            continue
        recorded = {"up.sql": row.up_sha256, "down.sql": row.down_sha256, "verify.sql": row.verify_sha256}
        result.edited += [str(migration.directory / script) for script, digest in recorded.items()
                          if migration.checksums[script] != digest]
        if not row.complete:
            result.unfinished.append(f"{row.name}: {row.steps_outside_done} of {row.steps_outside} step(s) "
                                     "after its COMMIT done")
    if history and history[-1].number in by_number and not result.unknown:
        result.drift = drift_rows(conn, by_number[history[-1].number])
    return result


def status_lines(found: Status, database: str) -> list[str]:
    lines = [f"database {database}: " + (f"at {found.at}" if found.at else "no migration applied")]
    if found.applied:
        lines.append("applied:")
        width = max(len(a.name) for a in found.applied)
        for a in found.applied:
            took = f"{a.duration_ms / 1000:.2f} s" if a.duration_ms is not None else "?"
            lines.append(f"  {a.name:<{width}}  {a.applied_at:%Y-%m-%d %H:%M:%S}  by {a.applied_by}  {took}  ({a.tool})")
    sections = (("pending", found.pending), ("edited since applied (refused by apply)", found.edited),
                ("applied but not in generated/", found.unknown),
                ("unfinished (`schemac apply` completes them)", found.unfinished))
    for title, items in sections:
        if items:
            lines.append(f"{title}:")
            lines += [f"  {item}" for item in items]
    if found.drift is not None:
        lines.append(f"drift from {found.at}: " + ("none" if not found.drift else f"{len(found.drift)} difference(s)"))
        lines += [f"  {row}" for row in found.drift]
    if found.clean:
        lines.append("up to date")
    return lines
