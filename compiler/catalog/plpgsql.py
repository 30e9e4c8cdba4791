"""A PL/pgSQL body judged offline: its syntax, and the types its variables
are declared with (`v items;`, `v app.items%ROWTYPE;`, `n items.id%TYPE;`,
which PostgreSQL resolves when it creates the function, so the function
must come after them).

The offline PL/pgSQL parser (libpg_query) knows only the types of
pg_catalog: it cannot look up a type of another schema ("Not implemented
(LookupExplicitNamespace ...)"), and it takes an array of a type it does not
know for an array of records, which it refuses. Only the body's syntax and
its declarations matter here, so the parser is given the function with
stand-ins: every type it cannot know, in the signature and in the
declarations, becomes `record` (a row type, whose fields the body may
assign) or `text` (any other type, and arrays). The declared types are read
from the body as written, with PostgreSQL's own scanner. When the parser
still cannot judge, the answer is "unknown", never "valid"."""

from __future__ import annotations

import dataclasses
import re
from typing import NamedTuple

from pglast import parser

from compiler.catalog import types as pgtypes
from compiler.catalog.expressions import References
from compiler.catalog.objects import TypeRef
from compiler.catalog.programmable import Function, Returns

# pseudo and other types the offline parser knows, kept as written
_KNOWN = {"record", "refcursor", "anyelement", "anyarray", "anynonarray", "anyenum", "anyrange", "anymultirange",
          "anycompatible", "anycompatiblearray", "void", "trigger", "event_trigger", "cstring", "tsvector",
          "tsquery", "regclass", "regtype", "regproc", "oid"}
_NOT_A_TYPE = {"alias", "cursor", "no", "scroll"}  # `a ALIAS FOR $1`, cursor declarations
_TYPE_ENDS = {"COLON_EQUALS", "DEFAULT", "NOT", "COLLATE", "ASCII_61", "ASCII_59"}  # :=  DEFAULT  NOT NULL  =  ;


class Declaration(NamedTuple):
    start: int  # offsets of the type in the body
    end: int
    parts: tuple[str, ...]  # the type's name as PostgreSQL reads it (`app`, `items`)
    suffix: str  # "" | "rowtype" | "type"
    array: bool


class Judgement(NamedTuple):
    problem: str | None  # the parser's complaint about the body
    unknown: str | None  # why the body could not be judged
    references: References  # the relations its declarations name


def declarations(body: str) -> list[Declaration] | None:
    """The variable declarations of every DECLARE section of `body`; None
    when the scanner cannot read it (the parser then says why)."""
    try:
        tokens = [t for t in parser.scan(body) if t.name not in ("SQL_COMMENT", "C_COMMENT")]
    except parser.ParseError:
        return None
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i].name != "DECLARE":
            i += 1
            continue
        i += 1
        depth = 0
        item: list = []
        while i < len(tokens) and not (tokens[i].name == "BEGIN_P" and depth == 0):
            token = tokens[i]
            depth += {"ASCII_40": 1, "ASCII_41": -1}.get(token.name, 0)
            if token.name == "ASCII_59" and depth == 0:
                declaration = _declaration(body, item)
                if declaration is not None:
                    found.append(declaration)
                item = []
            else:
                item.append(token)
            i += 1
    return found


def _text(body: str, token) -> str:
    return body[token.start:token.end + 1]


def _declaration(body: str, item: list) -> Declaration | None:
    """`name [CONSTANT] type [COLLATE ...] [NOT NULL] [:= | = | DEFAULT ...]`."""
    if len(item) < 2:
        return None
    rest = item[1:]
    if _text(body, rest[0]).lower() == "constant":
        rest = rest[1:]
    if not rest or _text(body, rest[0]).lower() in _NOT_A_TYPE:
        return None
    end = next((n for n, t in enumerate(rest) if t.name in _TYPE_ENDS), len(rest))
    type_tokens = rest[:end]
    if not type_tokens:
        return None
    parts, suffix, array = [], "", False
    for n, token in enumerate(type_tokens):
        text = _text(body, token)
        if text == "%" and n + 1 < len(type_tokens):
            suffix = _text(body, type_tokens[n + 1]).lower()
            break
        if text in ("[", "]") or token.name in ("ASCII_91", "ASCII_93") or text.lower() == "array":
            array = True
        elif text == ".":
            continue
        elif token.name in ("ICONST", "ASCII_40", "ASCII_41", "ASCII_44"):
            continue  # modifiers: numeric(10, 2)
        elif text.startswith('"'):
            parts.append(text[1:-1].replace('""', '"'))
        else:
            parts.append(text.lower())
    return Declaration(type_tokens[0].start, type_tokens[-1].end + 1, tuple(parts), suffix, array)


def _builtin(declaration: Declaration, body: str) -> bool:
    text = body[declaration.start:declaration.end]
    if declaration.suffix:
        return False
    if declaration.parts[:1] == ("pg_catalog",) or (len(declaration.parts) == 1 and declaration.parts[0] in _KNOWN):
        return True
    try:
        parsed = pgtypes.parse_type(text)
    except pgtypes.TypeSyntaxError:
        return False
    return pgtypes.builtin_name(parsed.name, parsed.modifiers) is not None


def declared_relations(found: list[Declaration], body: str) -> References:
    """The relations the declarations may name: `t%ROWTYPE`, `t.col%TYPE`
    and a bare `t` or `schema.t` that is not a built-in type (a row type;
    a name that is an enum instead matches no relation)."""
    relations = set()
    for d in found:
        if _builtin(d, body):
            continue
        parts = d.parts[:-1] if d.suffix == "type" else d.parts
        if d.suffix not in ("", "rowtype", "type") or not parts or len(parts) > 2:
            continue
        relations.add((parts[0] if len(parts) == 2 else None, parts[-1]))
    return References(relations=frozenset(relations))


def _stand_in_body(body: str, found: list[Declaration]) -> str:
    pieces, last = [], 0
    for d in found:
        if _builtin(d, body):
            continue
        stand_in = "text[]" if d.array else "text" if d.suffix == "type" else "record"
        pieces += [body[last:d.start], stand_in]
        last = d.end
    return "".join(pieces) + body[last:]


def _stand_in_type(t: TypeRef | None) -> TypeRef | None:
    if t is None or t.kind == "builtin":
        return t
    if t.array_dims:
        return TypeRef("text", None, (), t.array_dims)
    return TypeRef("record") if t.kind in ("table", "view", "composite") else TypeRef("text")


def stand_in(function: Function) -> Function:
    """The function as the offline parser can read it (see the module's
    docstring): same body syntax, same variables, only types it knows."""
    found = declarations(function.body) or []
    args = tuple(dataclasses.replace(a, type=_stand_in_type(a.type)) for a in function.args)
    returns = function.returns
    if returns is not None:
        returns = Returns(type=_stand_in_type(returns.type), setof=_stand_in_type(returns.setof),
                          table=tuple((n, _stand_in_type(t)) for n, t in returns.table))
    return dataclasses.replace(function, args=args, returns=returns, body=_stand_in_body(function.body, found),
                               comment=None)


def judge(function: Function, render_create) -> Judgement:
    """Judge `function`'s PL/pgSQL body: `render_create(f)` is the CREATE
    FUNCTION statement of `f`, as up.sql writes it."""
    from compiler.render.oracle import parse_plpgsql
    found = declarations(function.body)
    references = declared_relations(found or [], function.body)
    problem, _ = parse_plpgsql(render_create(stand_in(function)))
    if problem is not None and problem.startswith("Not implemented"):
        return Judgement(None, re.sub(r"^Not implemented \((.*)\)$", r"\1", problem), references)
    return Judgement(problem, None, references)

