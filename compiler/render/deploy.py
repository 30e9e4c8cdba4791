"""The SQL of deploying: the history layout (templates/deploy/), the deploy
lock, and the statements that read and write the history. Values travel as
query parameters (`%(name)s`), never in the text."""

from __future__ import annotations

from pathlib import Path

HISTORY_SCHEMA = "schemac"
LAYOUT = 1  # the history's own layout version: a newer one is refused by an older schemac
# one session-level advisory lock per database: "schemac" in ASCII, as one bigint
LOCK_KEY = int.from_bytes(b"schemac", "big")

# ident(HISTORY_SCHEMA), which is the name itself (tests/test_commit_cut.py holds it): written out so
# that deploying does not import PostgreSQL's keyword list (pglast) to learn it
_H = HISTORY_SCHEMA

TRY_LOCK = f"SELECT pg_catalog.pg_try_advisory_lock({LOCK_KEY})"
UNLOCK = f"SELECT pg_catalog.pg_advisory_unlock({LOCK_KEY})"
# who holds the deploy lock: pg_locks splits a bigint key into classid (high 32 bits) and objid
LOCK_HOLDER = (
    "SELECT a.pid, a.usename::text, a.application_name, a.client_addr::text, a.backend_start, a.query_start "
    "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
    f"WHERE l.locktype = 'advisory' AND l.granted AND l.classid = {LOCK_KEY >> 32} "
    f"AND l.objid = {LOCK_KEY & 0xFFFFFFFF} AND l.objsubid = 1 LIMIT 1")

HISTORY_EXISTS = f"SELECT pg_catalog.to_regclass('{HISTORY_SCHEMA}.migrations') IS NOT NULL"
LAYOUT_EXISTS = f"SELECT pg_catalog.to_regclass('{HISTORY_SCHEMA}.layout') IS NOT NULL"
LAYOUT_VERSION = f"SELECT max(version) FROM {_H}.layout"

APPLIED = (
    "SELECT number, name, up_sha256, down_sha256, verify_sha256, source_state, target_state, applied_at, "
    f"applied_by, tool, duration_ms, steps_outside, steps_outside_done FROM {_H}.migrations ORDER BY number")

RECORD_APPLY = (
    f"INSERT INTO {_H}.migrations (number, name, up_sha256, down_sha256, verify_sha256, source_state, "
    "target_state, tool, duration_ms, steps_outside) VALUES (%(number)s, %(name)s, %(up)s, %(down)s, "
    "%(verify)s, %(source)s, %(target)s, %(tool)s, %(duration_ms)s, %(steps_outside)s)")
RECORD_STEP = (
    f"UPDATE {_H}.migrations SET steps_outside_done = %(done)s, "
    "duration_ms = coalesce(duration_ms, 0) + %(duration_ms)s WHERE number = %(number)s")
RECORD_ROLLBACK = f"DELETE FROM {_H}.migrations WHERE number = %(number)s"
RECORD_EVENT = (
    f"INSERT INTO {_H}.events (number, name, action, detail, tool, duration_ms) "
    "VALUES (%(number)s, %(name)s, %(action)s, %(detail)s, %(tool)s, %(duration_ms)s)")

BEGIN = "BEGIN"
COMMIT = "COMMIT"
ROLLBACK = "ROLLBACK"


# The layout's SQL as templates/deploy/history_layout.sql.j2 renders it, stored beside the template
# (scripts/regenerate_generated.py writes it; tests/test_deploy_layout.py holds the two equal): the
# first deploy to a database reads it without importing Jinja, which would add ~30 ms to `schemac apply`.
LAYOUT_FILE = Path(__file__).resolve().parent.parent.parent / "templates" / "deploy" / "history_layout.sql"


def history_layout() -> str:
    """CREATE ... IF NOT EXISTS of the history schema and its tables (the stored rendering)."""
    return LAYOUT_FILE.read_text(encoding="utf-8")


def render_history_layout() -> str:
    """templates/deploy/history_layout.sql.j2, rendered."""
    from compiler.render.env import render_quoting  # Jinja, imported when needed
    return render_quoting("deploy/history_layout.sql.j2", schema=HISTORY_SCHEMA, layout=LAYOUT)
