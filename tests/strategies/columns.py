"""Column types and columns of generated tables."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from tests.strategies.names import free_text, literal, q


@dataclass(frozen=True)
class ColumnType:
    """A type as the specs write it, with SQL that suits a column of it
    (`{c}` stands for the quoted column)."""

    name: str
    defaults: tuple[str, ...] = ()
    check: str | None = None  # a boolean expression over the column
    btree: bool = True  # has a default btree operator class (keys, unique, plain indexes)
    methods: tuple[str, ...] = ()  # other index methods with a default operator class for it
    expression: str | None = None  # an immutable expression over the column, for index expressions


TYPES = (
    ColumnType("integer", ("0", "42", "-1"), "{c} >= 0", methods=("hash", "brin"), expression="({c} + 1)"),
    ColumnType("bigint", ("0",), "{c} <> 7", methods=("brin",)),
    ColumnType("smallint", ("1",), "{c} > -100"),
    ColumnType("numeric(12,2)", ("0", "1.50"), "{c} >= 0", methods=("brin",)),
    ColumnType("numeric", ("0",)),
    ColumnType("real", ("1.5",)),
    ColumnType("double precision", ("0",)),
    ColumnType("text", ("'x'", "''", "'it''s'"), "length({c}) < 100", methods=("hash", "spgist"),
               expression="lower({c})"),
    ColumnType("varchar(20)", ("'abc'",), "{c} <> ''"),
    ColumnType("varchar"),
    ColumnType("char(3)", ("'abc'",)),
    ColumnType("boolean", ("true", "false")),
    ColumnType("date", ("CURRENT_DATE",), methods=("brin",)),
    ColumnType("timestamp", ("LOCALTIMESTAMP",)),
    ColumnType("timestamptz", ("now()", "CURRENT_TIMESTAMP"), methods=("brin",)),
    ColumnType("time", ("LOCALTIME",)),
    ColumnType("interval", ("'1 day'",)),
    ColumnType("uuid", ("gen_random_uuid()",), methods=("hash",)),
    ColumnType("jsonb", ("'{}'",), methods=("gin",)),
    ColumnType("json", ("'[]'",), btree=False),
    ColumnType("bytea", ("'\\x00'",)),
    ColumnType("inet", ("'127.0.0.1'",), methods=("spgist",)),
    ColumnType("cidr"),
    ColumnType("macaddr"),
    ColumnType("text[]", ("'{}'",), methods=("gin",)),
    ColumnType("integer[]", ("'{1,2}'",), methods=("gin",)),
    ColumnType("tsvector", methods=("gin", "gist")),
    ColumnType("int4range", methods=("gist", "spgist")),
    ColumnType("daterange", methods=("gist",)),
    ColumnType("money"),
    ColumnType("bit(3)", ("B'101'",)),
    ColumnType("point", btree=False, methods=("gist", "spgist")),
)
KEY_TYPES = ("integer", "bigint", "text", "uuid", "varchar(20)", "date")
BY_NAME = {t.name: t for t in TYPES}
INTEGERS = ("integer", "bigint", "smallint")


def enum_type(name: str, labels: list[str]) -> ColumnType:
    """An enum column: its default is a label, written bare when it is a word
    (schemac quotes it), else as the SQL literal."""
    defaults = tuple(label if label.replace(" ", "").isalnum() else literal(label) for label in labels)
    return ColumnType(name, defaults, "{c} <> " + literal(labels[-1]))


def enum_array_type(name: str) -> ColumnType:
    return ColumnType(name + "[]", methods=("gin",))


@st.composite
def column(draw, name: str, types: tuple[ColumnType, ...], enums: tuple[str, ...] = ()) -> tuple[object, ColumnType]:
    """A spec column (its short form or a mapping) and its type."""
    t = draw(st.sampled_from(types))
    if draw(st.integers(0, 4)) == 0:
        return t.name, t
    spec: dict = {"type": t.name}
    if draw(st.booleans()):
        spec["nullable"] = draw(st.booleans())
    if t.defaults and draw(st.booleans()):
        default = draw(st.sampled_from(t.defaults))
        spec["default"] = default  # an enum's label is written bare
    if t.check and draw(st.integers(0, 3)) == 0:
        spec["check"] = t.check.format(c=q(name))
    if draw(st.integers(0, 3)) == 0:
        spec["comment"] = draw(free_text)
    return spec, t
