"""Names for generated projects: hostile ones (quotes, spaces, unicode,
reserved words, upper case) as the spec language allows them, from a pool
per kind of object.

The pools of kinds that share a PostgreSQL namespace are disjoint, and no
name holds an underscore or a dot: so generated names (`<table>_<col>_idx`,
`<table>_<col>_seq`, `_<type>` array types) never collide with a name of
the pools, and `table.column` references split where they should. Every
name but one is short (that one makes PostgreSQL truncate the names it
generates from it)."""

from __future__ import annotations

from hypothesis import strategies as st

SCHEMAS = ["app", "Billing", "my schema", 's"q', "über", "end"]
TABLES = ["user", "order", "Group", "tÜber", 't"q', "t sp", "t;x", "Accounts", "ledger", "naïve", "Ωmega", "items",
          " lead", "trail ", "ThisIsAVeryLongTableNameThatGoesOnAndOnAndOn"]
VIEWS = ["view", "Vue", 'v"q', "v sp", "vista", "from", "ÿview"]
ENUMS = ["status", "Kind", 'e"q', "e sp", "mood", "États"]
SEQUENCES = ["counter", "Order No", 'n"q', "séq"]
FUNCTIONS = ["calc", "Compute", 'f"q', "f sp", "fü", "f;x", "where"]
COLUMNS = ["select", "camelCase", "Mixed", "col sp", "é", 'x"q', "end", "type", "default", "it's", "a-b", "$x",
           "ÆØÅ", "c1", "c2", "c3", "limit", "user", "Order"]
ARGS = ["a", "Amount", 'p"q', "p sp", "ü"]
TRIGGERS = ["audit", "Touch", 'tg"q', "tg sp", "tgü"]
POLICIES = ["readers", "Own Rows", 'p"q', "pü", "all"]
ROLES = ["hypo reader", 'hypo"w', "HypoAdmin", "hypoü"]
CHECKS = ["positive", "Check Me", 'ck"q', "cké"]
DOMAINS = ["core", "Billing Domain", 'd"q', "dü"]
TYPES = ["money2", "Address", 'ty"q', "ty sp", "tyü"]  # SQL domains, composite and range types
ENUM_LABELS = ["A", "it's", "yes", "NO", "null", "1", "true", "é", "a b", 'q"', "--", "$$", "\\"]


def q(name: str) -> str:
    """`name` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def qq(schema: str, name: str) -> str:
    return f"{q(schema)}.{q(name)}"


def literal(text: str) -> str:
    """`text` as a SQL string literal (standard_conforming_strings on)."""
    return "'" + text.replace("'", "''") + "'"


def some(pool: list[str], min_size: int = 0, max_size: int = 3):
    """Distinct names of `pool` (case-insensitively: PostgreSQL keeps
    both, schemac refuses names that differ only in case)."""
    return st.lists(st.sampled_from(pool), min_size=min_size, max_size=max_size, unique_by=str.lower)


free_text = st.sampled_from(["", " ", "it's", "-- not a comment", "/* x */", "$$", "back\\slash", "two\nlines", "ü ∑ 😀",
                             "'; drop table x; --", "tab\there"]) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=16)
