"""A small project with four migrations, for the deploy tests: a table;
a second table plus an index built concurrently after the COMMIT (a step
outside the transaction); a column made NOT NULL (fails on a NULL row); a
column dropped on purpose (a step that cannot be undone). The project is in
transactional mode, so that the NOT NULL fails inside its transaction (in
online mode it is validated after COMMIT: tests/test_online_constraints.py)."""

from __future__ import annotations

from pathlib import Path

from compiler.cli import main

ACCOUNTS = """\
domain: shop
schema: shop
tables:
  accounts:
    columns:
      id: {type: bigint, identity: always, primary_key: true}
      email: {type: text, nullable: false}
      note: text
"""

ORDERS = """\
  orders:
    columns:
      id: {type: bigint, identity: always, primary_key: true}
      account_id: {type: bigint, nullable: false, references: accounts.id}
"""

EMAIL_INDEX = """\
    indexes:
      - {columns: [email], concurrently: true}
"""

STEPS = [
    ("initial", ACCOUNTS),
    ("orders", ACCOUNTS + EMAIL_INDEX + ORDERS),
    ("note_required", ACCOUNTS.replace("note: text", "note: {type: text, nullable: false}") + EMAIL_INDEX + ORDERS),
    ("drop_note", "accept_destructive: [column:shop.accounts.note]\n"
     + ACCOUNTS.replace("      note: text\n", "") + EMAIL_INDEX + ORDERS),
]


def make_project(root: Path) -> Path:
    """Write the specs of each step and generate its migration: generated/ holds 0001-0004."""
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text("migrations: {mode: transactional}\n", encoding="utf-8")
    for name, spec in STEPS:
        (root / "specs" / "shop.yaml").write_text(spec, encoding="utf-8")
        assert main(["-C", str(root), "generate", "--name", name]) == 0
    return root
