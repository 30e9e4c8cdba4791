"""Quoting: identifiers are quoted only where PostgreSQL needs it, literals always."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from compiler import control_chars

if TYPE_CHECKING:
    from compiler.catalog.objects import TypeRef

# exactly what quote_ident() leaves unquoted (it quotes `$`, and any keyword that is not unreserved)
_PLAIN_IDENT = re.compile(r"[a-z_][a-z0-9_]*")


@lru_cache(maxsize=1)
def _needs_quotes() -> frozenset[str]:
    """The keywords quote_ident() quotes: pglast's lists (PostgreSQL's kwlist.h)."""
    keywords = _keyword_lists()
    return frozenset(keywords.RESERVED_KEYWORDS | keywords.TYPE_FUNC_NAME_KEYWORDS | keywords.COL_NAME_KEYWORDS)


def _keyword_lists():
    """pglast/keywords.py, a file of plain sets, read on its own when pglast is
    not imported yet: importing pglast (its parser, enums and AST) takes ~30
    ms, which `schemac apply` would spend only to quote the history's names."""
    import sys
    if "pglast" not in sys.modules:
        try:
            return _keyword_file()
        except Exception:  # noqa: BLE001 - another layout of pglast: import it the usual way
            pass
    from pglast import keywords
    return keywords


def _keyword_file():
    import importlib.util
    package = importlib.util.find_spec("pglast")
    spec = importlib.util.spec_from_file_location("compiler.render._pglast_keywords",
                                                  Path(package.submodule_search_locations[0]) / "keywords.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=65536)
def ident(name: str) -> str:
    """An identifier as PostgreSQL's quote_ident() writes it."""
    if _PLAIN_IDENT.fullmatch(name) and name not in _needs_quotes():
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    return f"{ident(schema)}.{ident(name)}"


def nextval_call(schema: str, name: str) -> str:
    """The one form of a default drawing from a sequence of the specs:
    `nextval('schema.name'::regclass)`, as PostgreSQL stores it (the OID of
    the sequence, whatever way its name was spelt)."""
    return f"nextval({literal(qualified(schema, name))}::regclass)"


def literal(value) -> str:
    """A constant as PostgreSQL's quote_literal() writes it: a text holding a
    backslash becomes E'...' with the backslashes doubled, which reads the same
    whether `standard_conforming_strings` is on or off (psql lexes a script by
    the server's setting, so a plain '...\\' could end early under `off`)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = value if type(value) is str else str(value)
    quoted = "'" + text.replace("'", "''") + "'"
    return "E" + quoted.replace("\\", "\\\\") if "\\" in text else quoted


def comment_text(value) -> str:
    """Free text for a `--` comment line (a step's key, a migration title, an
    object's name): every control or line-break character is written as an
    escape (`\\n`, `\\u2028`), so nothing can end the comment, even in a
    catalog that was never validated."""
    return control_chars.escaped(str(value))


# the psql meta-commands at the top of every script schemac writes, one per line:
# psql stops at the first error, whatever the DBA's invocation
PSQL_HEADER = ("\\set ON_ERROR_STOP on",)


def without_psql_header(script: str) -> str:
    """`script` with the `PSQL_HEADER` lines at its top blanked out (spaces of
    the same length, so offsets and line numbers stay those of the file): the
    SQL that PostgreSQL's parser reads. Any other meta-command stays."""
    if not script.startswith("\\"):
        return script
    lines = script.split("\n")
    n = 0
    while n < len(lines) and lines[n].rstrip("\r") in PSQL_HEADER:
        lines[n] = " " * len(lines[n])
        n += 1
    return "\n".join(lines)


def text_array(values) -> str:
    return "ARRAY[" + ", ".join(literal(v) for v in values) + "]::text[]"


def values_rows(rows, fields, empty: str) -> str:
    """The body of `WITH name(columns) AS (...)`: one VALUES row per line.
    `fields` name the keys of each row (a dict) in column order; a field
    written `key::type` casts its value (`comment::text`); a list becomes a
    text array. With no rows, a query of none whose columns `empty` types."""
    if not rows:
        return f"    SELECT {empty} WHERE false"
    keys = [field.partition("::")[0] for field in fields]
    casts = ["".join(field.partition("::")[1:]) for field in fields]
    formatted = ["        (" + ", ".join([(text_array(row[key]) if isinstance(row[key], (list, tuple)) else literal(row[key]))
                                          + cast for key, cast in zip(keys, casts)]) + ")"
                 for row in rows]
    return "    VALUES\n" + ",\n".join(formatted)


_ZONE_SUFFIX = (" without time zone", " with time zone")


def sql_type(t: TypeRef) -> str:
    """A type as format_type() prints it (modifiers inside `timestamp(3) with time zone`)."""
    if t.kind == "builtin":
        name = t.name
        mods = f"({','.join(str(m) for m in t.modifiers)})" if t.modifiers else ""
        for suffix in _ZONE_SUFFIX:
            if name.endswith(suffix) and mods:
                text = name[: -len(suffix)] + mods + suffix
                break
        else:
            text = name + mods
    else:
        text = qualified(t.schema, t.name) if t.schema else ".".join(ident(part) for part in t.name.split("."))
        if t.modifiers:  # an extension's type: `public.vector(3)`
            text += f"({','.join(str(m) for m in t.modifiers)})"
    return text + "[]" * t.array_dims


_SIMPLE_EXPRESSION = re.compile(r"""^(?:-?\d+(?:\.\d+)?|'(?:[^']|'')*'(?:::[\w ]+)?|[A-Za-z_][\w.]*(?:\(\s*\))?|true|false)$""", re.I)


def default_expression(text: str) -> str:
    """DEFAULT takes a restricted expression grammar; parenthesise anything
    that is not a plain constant or a call without arguments."""
    return text if _SIMPLE_EXPRESSION.match(text.strip()) else f"({text})"


FK_ACTIONS = {"no_action": "NO ACTION", "restrict": "RESTRICT", "cascade": "CASCADE",
              "set_null": "SET NULL", "set_default": "SET DEFAULT"}
FK_ACTION_CODES = {"no_action": "a", "restrict": "r", "cascade": "c", "set_null": "n", "set_default": "d"}


def fk_action(action: str) -> str:
    return FK_ACTIONS[action]


def dollar_quote(body: str, tag: str = "schemac") -> str:
    """Wrap `body` in dollar quotes whose tag does not occur inside it."""
    n = 0
    chosen = tag
    while f"${chosen}$" in body:
        n += 1
        chosen = f"{tag}{n}"
    return f"${chosen}$" + body + f"${chosen}$"
