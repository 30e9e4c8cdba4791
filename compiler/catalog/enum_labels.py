"""String constants that stand for enum labels, read from PostgreSQL's parse
tree: compared with a column of an enum type (`role = 'backer'`, `'backer'
<> role`, `role IN ('a', 'b')`, `role = ANY (ARRAY['a'])`, `role IS
DISTINCT FROM 'a'`, `CASE role WHEN 'a' ...`) or cast to one
(`'backer'::member_role`). PostgreSQL turns such a constant into the enum
when it creates the object, and refuses a label the type does not have
(`invalid input value for enum`), so a removed or renamed label left in a
check, an index, a policy or a view is a spec error at the constant."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from compiler.catalog.scope import Origin
from compiler.errors import ErrorCollector
from compiler.render.oracle import parse_expression, parse_statements
from compiler.spec.errors import suggest

_PREFIX = len("SELECT (")  # what parse_expression puts before an expression
_COMPARISONS = {"=", "<>", "!=", "<", ">", "<=", ">="}


@dataclass(frozen=True)
class LabelUse:
    """A string constant `value` at byte `location` of the parsed text, read
    as a value of column `column` (qualifier, name) or of type `type_name`."""

    value: str
    location: int
    column: tuple[str | None, str] | None = None
    type_name: tuple[str | None, str] | None = None


def _column(node) -> tuple[str | None, str] | None:
    ref = node.get("ColumnRef") if isinstance(node, dict) else None
    if ref is None:
        return None
    names = [f["String"]["sval"] for f in ref.get("fields", []) if "String" in f]
    if len(names) != len(ref.get("fields", [])) or not names:
        return None
    return (names[-2] if len(names) > 1 else None), names[-1]


def _constants(node) -> list[tuple[str, int]]:
    """(value, location) of a bare string constant, or of each in a list or ARRAY[...]."""
    if isinstance(node, list):
        return [c for item in node for c in _constants(item)]
    if not isinstance(node, dict):
        return []
    if "A_ArrayExpr" in node:
        return _constants(node["A_ArrayExpr"].get("elements", []))
    if "List" in node:
        return _constants(node["List"].get("items", []))
    constant = node.get("A_Const")
    if constant is not None and "sval" in constant:
        return [(constant["sval"]["sval"], constant.get("location", -1))]
    return []


def _walk(node, uses: list[LabelUse]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, uses)
        return
    if not isinstance(node, dict):
        return
    cast = node.get("TypeCast")
    if cast is not None:
        names = [n["String"]["sval"] for n in cast.get("typeName", {}).get("names", []) if "String" in n]
        if names and not cast.get("typeName", {}).get("arrayBounds"):
            type_name = (names[-2] if len(names) > 1 else None, names[-1])
            uses += [LabelUse(v, loc, type_name=type_name) for v, loc in _constants(cast.get("arg"))]
    expr = node.get("A_Expr")
    if expr is not None:
        kind = expr.get("kind")
        operator = [n["String"]["sval"] for n in expr.get("name", []) if "String" in n]
        if kind in ("AEXPR_IN", "AEXPR_OP_ANY", "AEXPR_OP_ALL") or \
                (kind in ("AEXPR_OP", "AEXPR_DISTINCT", "AEXPR_NOT_DISTINCT") and operator
                 and operator[-1] in _COMPARISONS):
            for this, other in ((expr.get("lexpr"), expr.get("rexpr")), (expr.get("rexpr"), expr.get("lexpr"))):
                column = _column(this)
                if column is not None:
                    uses += [LabelUse(v, loc, column=column) for v, loc in _constants(other)]
    case = node.get("CaseExpr")
    if case is not None and _column(case.get("arg")) is not None:
        column = _column(case["arg"])
        for when in case.get("args", []):
            uses += [LabelUse(v, loc, column=column) for v, loc in _constants(when.get("CaseWhen", {}).get("expr"))]
    for value in node.values():
        _walk(value, uses)


@lru_cache(maxsize=16384)
def label_uses(sql: str, statement: bool = False) -> tuple[LabelUse, ...]:
    """The constants of `sql` (an expression, or a query with `statement`)
    read as enum values, with their offsets in `sql` (characters)."""
    error, tree = (parse_statements if statement else parse_expression)(sql)
    if error is not None:
        return ()
    uses: list[LabelUse] = []
    _walk(tree, uses)
    shift = 0 if statement else _PREFIX
    encoded = sql.encode("utf-8")
    result = []
    for use in uses:
        at = max(0, use.location - shift)
        offset = len(encoded[:at].decode("utf-8", errors="ignore"))
        result.append(LabelUse(use.value, offset, use.column, use.type_name))
    return tuple(sorted(set(result), key=lambda u: (u.location, u.value)))


# (qualifier, column) -> (enum name, its EnumSpec) of an enum column, else None
ColumnLabels = Callable[[str | None, str], tuple[str, object] | None]
# (schema or None, type name) -> (enum name, its EnumSpec) of an enum type, else None
TypeLabels = Callable[[str | None, str], tuple[str, object] | None]


def _bare_constant(sql: str) -> str | None:
    """The value of an expression that is one string constant (a default `'backer'`)."""
    error, tree = parse_expression(sql)
    if error is not None or "A_Const" not in tree or "sval" not in tree["A_Const"]:
        return None
    return tree["A_Const"]["sval"]["sval"]


def check_labels(collector: ErrorCollector, origin: Origin, sql: str, what: str, columns: ColumnLabels,
                 types: TypeLabels, statement: bool = False, own: tuple[str, str, object] | None = None) -> bool:
    """A spec error at each constant of `sql` (written at `origin`) that is
    read as a value of an enum but is none of its labels. `own`: (column,
    enum, EnumSpec) of the column `sql` is the default of, as a bare constant
    is read as a value of it. Whether there was none."""
    uses = list(label_uses(sql, statement))
    if own is not None and (value := _bare_constant(sql)) is not None:
        uses.append(LabelUse(value, 0, column=(None, own[0])))
        own_columns = columns

        def columns(qualifier, name):
            return (own[1], own[2]) if name == own[0] else own_columns(qualifier, name)
    ok = True
    for use in uses:
        found = columns(*use.column) if use.column is not None else types(*use.type_name)
        if found is None:
            continue
        enum, spec = found
        labels = spec.labels
        if use.value in labels:
            continue
        ok = False
        renamed = {old: new for new, old in spec.value_renames.items()}.get(use.value)
        close = f"`{use.value}` is renamed to `{renamed}`;" if renamed else suggest(use.value, labels)
        listing = f"values of `{enum}`: {', '.join(labels)}"
        if use.column is not None:
            message = f"{what} compares column `{use.column[1]}`, of enum `{enum}`, with '{use.value}', " \
                "which is not one of its values"
            if use.location == 0 and own is not None and use.column[1] == own[0] and _bare_constant(sql) == use.value:
                message = f"{what} '{use.value}' is not a value of enum `{enum}`"
        else:
            message = f"{what} casts '{use.value}' to enum `{enum}`, which has no such value"
        collector.add(origin.document.error_in_value(
            origin.path, use.location, message,
            " ".join(x for x in (close, listing) if x)))
    return ok


def enum_columns(tables, enum_of, opaque: bool = False) -> ColumnLabels:
    """The enum columns of the tables an expression or query reads
    (`tables`: lists of Column objects), by name; `enum_of`: TypeRef ->
    its EnumSpec, or None. A name is judged only when every table that has a column
    of that name gives it the same enum, and, with `opaque` (the text also
    reads a view, an external table or anything else whose columns are not
    known), never."""
    by_name: dict[str, set] = {}
    for columns in tables:
        for column in columns:
            t = column.type
            by_name.setdefault(column.name, set()).add((t.schema, t.name) if t.kind == "enum" and not t.array_dims
                                                       else None)
    types = {column.type.element for columns in tables for column in columns if column.type.kind == "enum"}

    def lookup(qualifier: str | None, name: str):
        found = by_name.get(name, set())
        if opaque or len(found) != 1 or None in found:
            return None
        schema, enum = next(iter(found))
        spec = next((enum_of(t) for t in types if (t.schema, t.name) == (schema, enum)), None)
        return (enum, spec) if spec is not None else None
    return lookup


class EnumLabels:
    """The label check of texts that are not a table's own (policies, trigger
    conditions, view queries), with the columns of the tables they read."""

    def __init__(self, collector: ErrorCollector, scopes, tables: dict, table_resolver) -> None:
        self.collector = collector
        self.scopes = scopes
        self.tables = tables  # (schema, name) -> ResolvedTable
        self.resolver = table_resolver  # its enum_of and enum_type_labels

    def check(self, domain: str, origin: Origin, sql: str, what: str, refs=None, statement: bool = False,
              own=None) -> bool:
        """`own`: the ResolvedTable the text belongs to (a policy's, a
        trigger's); `refs`: the relations it reads besides."""
        columns = [own.table.columns] if own is not None else []
        opaque = False
        for schema, name in sorted(refs.relations if refs is not None else (), key=lambda r: (r[0] or "", r[1])):
            entry, _ = self.scopes.find(domain, "tables", f"{schema}.{name}" if schema else name)
            resolved = self.tables.get((entry.schema, entry.name)) if entry is not None else None
            if resolved is None:
                opaque = True  # a view, an external table, a built-in relation: its columns are not known
            else:
                columns.append(resolved.table.columns)
        return check_labels(self.collector, origin, sql, what, enum_columns(columns, self.resolver.enum_of, opaque),
                            self.resolver.enum_type_labels(domain), statement)
