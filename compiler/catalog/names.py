"""PostgreSQL's naming rules: the 63-byte limit and generated object names.

`object_name` follows makeObjectName() in PostgreSQL's indexcmds.c: when the
result would pass 63 bytes, the longer of the two name parts loses characters
first, cut on a character boundary; `name_addition` follows
ChooseIndexNameAddition() (column names joined by `_`). So schemac names the
constraints and indexes it generates exactly as PostgreSQL would.
"""

from __future__ import annotations

MAX_IDENTIFIER_BYTES = 63  # NAMEDATALEN - 1


def byte_length(name: str) -> int:
    return len(name.encode("utf-8"))


def clip(name: str, max_bytes: int) -> str:
    """The longest prefix of `name` within `max_bytes` bytes, on a character boundary."""
    encoded = name.encode("utf-8")
    if len(encoded) <= max_bytes:
        return name
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def name_addition(columns: list[str] | tuple[str, ...]) -> str:
    text = ""
    for column in columns:
        if text:
            text += "_"
        text += clip(column, MAX_IDENTIFIER_BYTES)
        if byte_length(text) >= MAX_IDENTIFIER_BYTES + 1:
            break
    return text


def object_name(name1: str, name2: str | None, label: str | None) -> str:
    overhead = (1 if name2 is not None else 0) + ((len(label) + 1) if label else 0)
    available = MAX_IDENTIFIER_BYTES - overhead
    len1 = byte_length(name1)
    len2 = byte_length(name2) if name2 is not None else 0
    while len1 + len2 > available:
        if len1 > len2:
            len1 -= 1
        else:
            len2 -= 1
    result = clip(name1, len1)
    if name2 is not None:
        result += "_" + clip(name2, len2)
    if label:
        result += "_" + label
    return result


def primary_key_name(table: str) -> str:
    return object_name(table, None, "pkey")


def unique_name(table: str, columns) -> str:
    return object_name(table, name_addition(columns), "key")


def foreign_key_name(table: str, columns) -> str:
    return object_name(table, name_addition(columns), "fkey")


def check_name(table: str, column: str | None) -> str:
    return object_name(table, column, "check")


def index_name(table: str, parts) -> str:
    return object_name(table, name_addition(parts), "idx")
