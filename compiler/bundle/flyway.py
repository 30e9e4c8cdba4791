"""Flyway's versioned migrations: `V<n>__<name>.sql` (up.sql without its
own BEGIN/COMMIT: Flyway runs it in a transaction) and `U<n>__<name>.sql`
(down.sql, for Flyway's undo). Steps that cannot run in a transaction go to
`V<n>.1__<name>_outside.sql` with a `.conf` that turns the transaction off;
the same for a down script's (`U<n>.1__...`, which Flyway's undo runs before
`U<n>`, so it holds the transaction part there)."""

from __future__ import annotations

from compiler.deploy.apply import TOOL
from compiler.deploy.migrations import Migration, ScriptParts
from compiler.render.bundle import flyway_file

NO_TRANSACTION = "executeInTransaction=false\n"


def _transaction_body(parts: ScriptParts) -> str:
    """The script up to its COMMIT, without its BEGIN (a line of its own in
    every script schemac writes): Flyway's transaction holds it."""
    text = parts.transaction.lstrip(" ").lstrip("\n")
    head, sep, rest = text.partition("\nBEGIN;\n")
    return (head + "\n" + rest if sep else text).rstrip() + "\n"


def _outside_body(parts: ScriptParts) -> str:
    return "\n\n".join(step.sql.strip() for step in parts.outside) + "\n"


def files(migrations: list[Migration], project: str) -> dict[str, str]:
    out = {"README.md": flyway_file("README.md", project=project, tool=TOOL)}
    for m in migrations:
        slug = m.name.split("_", 1)[1]
        up, down = m.parts("up.sql"), m.parts("down.sql")

        def script(file: str, what: str, source: str, sql: str, in_transaction: bool) -> None:
            out[file] = flyway_file("script.sql", m=m, what=what, source=source, sql=sql, file=file,
                                    in_transaction=in_transaction, tool=TOOL)
            if not in_transaction:
                out[f"{file}.conf"] = NO_TRANSACTION

        script(f"V{m.number}__{slug}.sql", "apply", "up.sql", _transaction_body(up), True)
        if up.outside:
            script(f"V{m.number}.1__{slug}_outside.sql", "the steps after COMMIT", "up.sql", _outside_body(up), False)
        if up.outside or down.outside:
            # Flyway undoes n.1 before n: the down script's transaction first, then its steps after COMMIT
            script(f"U{m.number}.1__{slug}_outside.sql", "undo", "down.sql", _transaction_body(down), True)
            script(f"U{m.number}__{slug}.sql", "undo, the steps after COMMIT", "down.sql",
                   _outside_body(down) if down.outside else "SELECT 1;  -- nothing left to undo\n", not down.outside)
        else:
            script(f"U{m.number}__{slug}.sql", "undo", "down.sql", _transaction_body(down), True)
    return out
