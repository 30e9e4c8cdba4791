"""compiler/deploy/commit_cut.py finds a migration script's own COMMIT where
PostgreSQL's parser (pglast) does, in every script of the repository and in
scripts that hide COMMIT in bodies, text and comments; what it cannot vouch
for it leaves to the parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.deploy.commit_cut import Undecided, find_commit
from compiler.deploy.migrations import _commit_by_parser, split_script
from compiler.render.sql import without_psql_header

ROOT = Path(__file__).resolve().parent.parent

HIDDEN = [
    "BEGIN;\nCREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\nCOMMIT;\nEND\n$$;\nCOMMIT;\n",
    "BEGIN;\nCREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'COMMIT;' $body$;\ncommit ;\n",
    "BEGIN;\nSELECT 'it''s; COMMIT;', E'COMMIT;', \"COMMIT\" FROM t;\n-- COMMIT;\n/* a /* nested COMMIT; */ c */\n"
    "  /* before */ Commit /* after */;\n-- step 2: x (cannot run inside a transaction)\nCREATE INDEX CONCURRENTLY i ON t (a);\n",
    "BEGIN;\nCREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b);\nSELECT a$b$c FROM t;\nCOMMIT",
    "BEGIN;\nSELECT 1;\nCOMMIT AND NO CHAIN;\nCOMMIT;\nCOMMIT;\n",
    "BEGIN;\nSELECT 1;\n",
    "BEGIN;\nSELECT 1;\nCOMMIT /* not alone */;\nCOMMIT -- nor this\n;\n  COMMIT  \n;\n",
    "BEGIN;\nSELECT $$COMMIT;$$ || $a$ $$ ; COMMIT; $a$;\nEND;\n",
]


@pytest.mark.parametrize("script", HIDDEN)
def test_hidden_commits_are_found_where_the_parser_finds_them(script):
    assert find_commit(script) == _commit_by_parser(script)


def test_every_migration_script_of_the_repository():
    scripts = [p for name in ("up.sql", "down.sql") for p in ROOT.rglob(name) if ".venv" not in p.parts]
    assert len(scripts) > 20
    for path in scripts:
        script = without_psql_header(path.read_text(encoding="utf-8"))
        try:
            found = find_commit(script)
        except Undecided:
            continue
        assert found == _commit_by_parser(script), path


@pytest.mark.parametrize("script", [
    "BEGIN;\nSELECT E'\\'';\nCOMMIT;\n",  # a backslash: its meaning depends on settings
    "BEGIN;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nCOMMIT;\n",
    "BEGIN;\nSELECT 'unterminated;\nCOMMIT;\n",
    "BEGIN;\nSELECT $x$ unterminated;\nCOMMIT;\n",
    "BEGIN;\n/* unterminated\nCOMMIT;\n",
    "BEGIN;\nSELECT (1;\nCOMMIT;\n",
])
def test_what_it_cannot_vouch_for_goes_to_the_parser(script):
    with pytest.raises(Undecided):
        find_commit(script)
    split = split_script(script, "x/up.sql") if _commit_by_parser(script) else None
    assert split is None or split.transaction == script[:_commit_by_parser(script)[0]]


def test_the_history_schema_is_written_as_ident_writes_it():
    from compiler.render import deploy
    from compiler.render.sql import ident
    assert deploy._H == ident(deploy.HISTORY_SCHEMA)


def test_the_keyword_lists_read_alone_are_pglasts():
    from pglast import keywords

    from compiler.render.sql import _keyword_file
    alone = _keyword_file()  # as `schemac apply` reads it, pglast not imported
    for name in ("RESERVED_KEYWORDS", "TYPE_FUNC_NAME_KEYWORDS", "COL_NAME_KEYWORDS"):
        assert getattr(alone, name) == getattr(keywords, name)


def test_identifier_classes_equal_their_plain_forms_for_every_character():
    """commit_cut writes its identifier classes as the ASCII they leave out (cheaper to compile)."""
    import re

    from compiler.deploy import commit_cut
    text = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    for short, plain in [(commit_cut.TAG_START, r"[A-Za-z_\u0080-\U0010ffff]"),
                         (commit_cut.TAG_CHAR, r"[A-Za-z0-9_\u0080-\U0010ffff]"),
                         (commit_cut.IDENT_CHAR, r"[A-Za-z0-9_$\u0080-\U0010ffff]")]:
        assert re.findall(short, text) == re.findall(plain, text), plain
    assert re.findall(plain, text) and len(re.findall(r"[\x00-\x7f]", "".join(re.findall(plain, text)))) == 64
