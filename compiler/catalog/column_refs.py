"""Which column of which table each column reference of a query or an
expression reads, as far as it can be told for certain from PostgreSQL's
parse tree and the columns of the tables the specs define.

A reference is attributed by PostgreSQL's rules: `alias.col` (or
`table.col`, `schema.table.col`) to the relation of that name in the
nearest query level (a subquery sees the levels around it); a bare `col`
to the relation of the nearest level that has a column of that name. It
is *certain* only when every relation of the levels searched has known
columns (a table of the specs; not a view, a subquery, a CTE, a function
or an external table) and the name is not an output column (ORDER BY,
GROUP BY). A certain reference to a column that its table does not have
(`missing`) is a query PostgreSQL refuses when it is created: a spec error
(`view_column_errors`, `trigger_when_errors`). The diff asks the same
question of the target catalog (compiler/diff/column_users.py): a column
that a migration drops may not be read by what stays.

`*` is not a named reference here (compiler/catalog/expressions.py
`mentions` says whether a text has one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from compiler.render.oracle import EXPRESSION_PREFIX, parse_expression, parse_statements
from compiler.spec.models import ExternalTableSpec

# (schema or None, name) -> (table key, its column names), or None when the columns are not known
SYSTEM_COLUMNS = frozenset({"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid"})
Lookup = Callable[[str | None, str], tuple[str, frozenset[str]] | None]
SUBQUERY = "subquery:"  # the key prefix of a subquery in FROM whose output columns are known


@dataclass(frozen=True)
class ColumnRead:
    """One named column reference. `table`: the key of the table it reads,
    when certain; `missing`: the keys of the tables it can only name, none
    of which has such a column (PostgreSQL refuses it); `in_sight`, for
    a bare name that cannot be attributed (a relation of unknown columns is
    in sight), the keys of the tables in sight; `location`: its offset in the text (characters)."""

    column: str
    location: int
    table: str | None = None
    missing: tuple[str, ...] = ()
    in_sight: tuple[str, ...] = ()


@dataclass
class _Item:
    """A relation of a FROM clause: its name in the query (alias or relation
    name), its schema when written, its key and columns when known."""

    name: str | None
    schema: str | None = None
    relname: str | None = None
    key: str | None = None
    columns: frozenset[str] | None = None


@dataclass
class _Walk:
    lookup: Lookup
    text: str
    shift: int = 0  # bytes the parser saw before the text
    reads: list[ColumnRead] = field(default_factory=list)

    def at(self, location: int) -> int:
        """A byte offset of the parser as a character offset into the text."""
        head = self.text.encode("utf-8")[:max(location - self.shift, 0)]
        return len(head.decode("utf-8", errors="ignore"))

    # -- queries --------------------------------------------------------
    def select(self, node: dict, chain: list[list[_Item]], ctes: frozenset[str]) -> None:
        with_clause = node.get("withClause")
        if with_clause:
            names = {c["CommonTableExpr"]["ctename"] for c in with_clause.get("ctes", ())}
            ctes = ctes | names
            for cte in with_clause.get("ctes", ()):
                self.statement(cte["CommonTableExpr"].get("ctequery"), chain, ctes)
        if node.get("op", "SETOP_NONE") != "SETOP_NONE":
            self.statement({"SelectStmt": node["larg"]}, chain, ctes)
            self.statement({"SelectStmt": node["rarg"]}, chain, ctes)
            return
        level: list[_Item] = []
        for item in node.get("fromClause", ()):
            self.from_item(item, level, chain, ctes)
        inner = [level, *chain]
        for key in ("targetList", "whereClause", "havingClause", "valuesLists", "distinctClause",
                    "limitCount", "limitOffset"):
            self.expression(node.get(key), inner, ctes)
        for key in ("groupClause", "sortClause", "windowClause"):  # may name output columns
            self.expression(node.get(key), inner, ctes, outputs=True)

    def statement(self, node, chain: list[list[_Item]], ctes: frozenset[str]) -> None:
        if isinstance(node, dict) and "SelectStmt" in node:
            self.select(node["SelectStmt"], chain, ctes)
        elif node is not None:  # another kind of statement: only its subqueries' levels are known
            self.expression(node, [[_Item(None)], *chain], ctes)

    def from_item(self, node: dict, level: list[_Item], chain: list[list[_Item]], ctes: frozenset[str]) -> None:
        if "RangeVar" in node:
            rel = node["RangeVar"]
            alias = rel.get("alias", {}).get("aliasname")
            schema, name = rel.get("schemaname"), rel["relname"]
            known = None if (schema is None and name in ctes) else self.lookup(schema, name)
            level.append(_Item(alias or name, None if alias else schema, None if alias else name,
                               *(known or (None, None))))
        elif "JoinExpr" in node:
            join = node["JoinExpr"]
            self.from_item(join["larg"], level, chain, ctes)
            self.from_item(join["rarg"], level, chain, ctes)
            if join.get("alias"):
                level.append(_Item(join["alias"]["aliasname"]))
            self.expression(join.get("quals"), [level, *chain], ctes)
        else:  # a subquery (its output columns known when they can be named), a function, VALUES...
            body = next(iter(node.values()))
            alias = body.get("alias", {}) if isinstance(body, dict) else {}
            sees = [level, *chain] if isinstance(body, dict) and body.get("lateral") else chain
            columns = None
            if isinstance(body, dict) and "subquery" in body:
                self.statement(body["subquery"], sees, ctes)
                columns = output_columns(body["subquery"], alias.get("colnames", ()))
            else:
                self.expression(body, [level, *chain], ctes)
            name = alias.get("aliasname")
            key = f"{SUBQUERY}{name}" if columns is not None else None
            if key is not None and hasattr(self.lookup, "remember"):
                self.lookup.remember(key, columns)  # for the hints of errors about it
            level.append(_Item(name, key=key, columns=columns))

    # -- expressions ----------------------------------------------------
    def expression(self, node, chain: list[list[_Item]], ctes: frozenset[str], outputs: bool = False) -> None:
        if isinstance(node, list):
            for item in node:
                self.expression(item, chain, ctes, outputs)
            return
        if not isinstance(node, dict):
            return
        if "ColumnRef" in node:
            self.column(node["ColumnRef"], chain, outputs)
            return
        if "SelectStmt" in node:
            self.select(node["SelectStmt"], chain, ctes)
            return
        for value in node.values():
            self.expression(value, chain, ctes, outputs)

    def column(self, ref: dict, chain: list[list[_Item]], outputs: bool) -> None:
        fields = ref.get("fields", [])
        if not fields or "String" not in fields[-1]:
            return  # `*`, `t.*`
        names = [f["String"]["sval"] for f in fields if "String" in f]
        location = self.at(ref.get("location", 0))
        if len(names) == 1:
            self.bare(names[0], location, chain, outputs)
        elif len(names) in (2, 3):
            self.qualified(names, location, chain)

    def bare(self, column: str, location: int, chain: list[list[_Item]], outputs: bool) -> None:
        if column in SYSTEM_COLUMNS or any(i.name == column for level in chain for i in level):
            return  # a system column, or a whole row (`row_to_json(d)`)
        for level in chain:
            having = [i for i in level if i.columns is not None and column in i.columns]
            if having:
                if len(having) == 1:
                    self.reads.append(ColumnRead(column, location, table=having[0].key))
                return
            if any(i.columns is None for i in level):  # an unknown relation may have it
                sight = tuple(i.key for lv in chain for i in lv if i.key is not None)
                self.reads.append(ColumnRead(column, location, in_sight=sight))
                return
        tables = tuple(i.key for level in chain for i in level)
        if not outputs:  # no table in sight has it (an output column's name is allowed where `outputs`)
            self.reads.append(ColumnRead(column, location, missing=tables))

    def qualified(self, names: list[str], location: int, chain: list[list[_Item]]) -> None:
        *relation, column = names
        for level in chain:
            for item in level:
                named = (item.name == relation[0] if len(relation) == 1
                         else (item.schema, item.relname) == tuple(relation))
                if not named:
                    continue
                if item.columns is None:
                    return
                if column in item.columns or column in SYSTEM_COLUMNS:
                    self.reads.append(ColumnRead(column, location, table=item.key))
                else:
                    self.reads.append(ColumnRead(column, location, missing=(item.key,)))
                return
        # not a relation in sight: a composite column's field, or an error PostgreSQL reports itself


def output_columns(statement, renamed=()) -> frozenset[str] | None:
    """The names of a subquery's output columns, as PostgreSQL names them
    (an alias, a column's name, a function's name, ...), with the column
    aliases of `AS x(a, b)` first; None when one cannot be named for certain
    (`*`, an expression PostgreSQL calls `?column?` or names by rules not
    followed here)."""
    select = statement.get("SelectStmt") if isinstance(statement, dict) else None
    if select is None:
        return None
    while select.get("op", "SETOP_NONE") != "SETOP_NONE":
        select = select["larg"]
    if "valuesLists" in select:
        return None
    names = []
    for target in select.get("targetList", ()):
        result = target.get("ResTarget", {})
        name = result.get("name") or _column_name(result.get("val"))
        if name is None:
            return None
        names.append(name)
    aliases = [a["String"]["sval"] for a in renamed if "String" in a]
    return frozenset(aliases + names[len(aliases):])


def _column_name(node) -> str | None:
    """PostgreSQL's name for an output column written without an alias."""
    if not isinstance(node, dict) or len(node) != 1:
        return None
    kind, body = next(iter(node.items()))
    if kind == "ColumnRef":
        last = body.get("fields", [{}])[-1]
        return last["String"]["sval"] if "String" in last else None
    if kind == "FuncCall":
        return body["funcname"][-1]["String"]["sval"]
    if kind == "TypeCast":
        return _column_name(body.get("arg")) or None
    return {"CoalesceExpr": "coalesce", "CaseExpr": "case", "MinMaxExpr": None}.get(kind)


def query_reads(query: str, lookup: Lookup) -> tuple[ColumnRead, ...] | None:
    """The named column references of a query (a view's), or None if it
    does not parse."""
    error, statements = parse_statements(query)
    if error is not None:
        return None
    walk = _Walk(lookup, query)
    for statement in statements:
        walk.statement(statement.get("stmt"), [], frozenset())
    return tuple(walk.reads)


ARGUMENTS = "arguments:"  # the key a SQL function's arguments go by, as the outermost level of its body


def body_reads(body: str, lookup: Lookup, arguments: frozenset[str]) -> tuple[ColumnRead, ...] | None:
    """The named column references of a SQL function's body, or None if it
    does not parse. Its named arguments are the outermost level: a bare name
    that no relation in sight has and no argument has either is missing."""
    error, statements = parse_statements(body)
    if error is not None:
        return None
    walk = _Walk(lookup, body)
    outermost = [[_Item(None, key=ARGUMENTS, columns=arguments)]]
    for statement in statements:
        walk.statement(statement.get("stmt"), outermost, frozenset())
    return tuple(walk.reads)


def expression_reads(expression: str, relations: dict[str, tuple[str, frozenset[str]]],
                     lookup: Lookup) -> tuple[ColumnRead, ...] | None:
    """The named column references of an expression evaluated over
    `relations` (name in the expression -> table key and columns): a
    policy's or a check's table under its own name, a trigger's table as
    `new` and `old`. None if it does not parse."""
    error, tree = parse_expression(expression)
    if error is not None:
        return None
    walk = _Walk(lookup, expression, shift=len(EXPRESSION_PREFIX))
    level = [_Item(name, key=key, columns=columns) for name, (key, columns) in relations.items()]
    walk.expression(tree, [level], frozenset())
    return tuple(walk.reads)


# ---------------------------------------------------------------- spec errors

class SpecLookup:
    """The tables of the specs visible from `domain` with their columns
    (`tables`: (schema, name) -> ResolvedTable), and the external tables with
    the columns they declare (what the specs may use of them: `schemac test`
    builds them with exactly those); None for a name that may also be a view
    (`views`: (schema, name) -> key). `columns(key)` gives the columns of a
    table it answered with, for hints."""

    def __init__(self, scopes, domain: str, tables: dict, views: dict) -> None:
        self.scopes, self.domain, self.tables, self.views = scopes, domain, tables, views
        self.view_names = {n for _, n in views}
        self.answered: dict[str, frozenset[str]] = {}

    def __call__(self, schema: str | None, name: str):
        entry, ambiguous = self.scopes.find(self.domain, "tables", f"{schema}.{name}" if schema else name)
        if entry is None or ambiguous or ((schema, name) in self.views if schema else name in self.view_names):
            return None
        resolved = self.tables.get((entry.schema, entry.name))
        if resolved is not None:
            found = resolved.table.key, frozenset(c.name for c in resolved.table.columns)
        elif isinstance(entry.spec, ExternalTableSpec) and entry.spec.columns:
            found = f"external_table:{entry.schema}.{entry.name}", frozenset(entry.spec.columns)
        else:
            return None
        self.answered[found[0]] = found[1]
        return found

    def remember(self, key: str, columns: frozenset[str]) -> None:
        self.answered[key] = columns

    def columns(self, key: str) -> list[str]:
        return sorted(self.answered.get(key, ()))


def report_missing(collector, origin, reads: tuple[ColumnRead, ...] | None, what: str, columns_of) -> bool:
    """A spec error at `origin` (the text's key path) for each reference
    certain to name a column its table does not have; `columns_of`: table
    key -> its column names, for the hint. Whether there was none."""
    from compiler.spec.errors import suggest
    ok = True
    for read in reads or ():
        if not read.missing:
            continue
        ok = False
        names = [("subquery " if k.startswith(SUBQUERY) else "table ") + k.split(":", 1)[1]
                 for k in read.missing if k != ARGUMENTS]
        known = sorted({c for k in read.missing for c in columns_of(k)})
        where = ", ".join(names)
        if ARGUMENTS not in read.missing:
            message = (f"{what} reads column `{read.column}`, which {where} does not have" if len(names) == 1
                       else f"{what} reads column `{read.column}`, which none of {where} has")
        elif names:
            message = f"{what} reads `{read.column}`, which is neither a column of {where} nor an argument"
            where += " and the arguments"
        else:
            message, where = f"{what} reads `{read.column}`, which is not an argument", "the arguments"
        if known:
            hint = suggest(read.column, known) or f"columns of {where}: {', '.join(known)}"
        elif names:
            hint = f"{where} has no column of that name"
        else:
            hint = "the function has no arguments: declare it under `args:`, or read a column of a table"
        external = [k.split(":", 1)[1].rpartition(".")[2] for k in read.missing if k.startswith("external_table:")]
        if external:
            hint += (f"; if the external table has it, declare it under "
                     f"`external: tables: {external[0]}: columns:` (schemac test builds the table with those)")
        collector.add(origin.document.error_in_value(origin.path, read.location, message, hint))
    return ok


def catalog_lookup(objects: dict) -> Lookup:
    """The tables of a catalog (objects by key) with their columns, by
    name: an unqualified name only when one table has it and no view."""
    from compiler.catalog.objects import Table
    from compiler.catalog.programmable import View
    by_name: dict[str, list] = {}
    for obj in objects.values():
        if isinstance(obj, (Table, View)):
            by_name.setdefault(obj.name, []).append(obj)

    def lookup(schema: str | None, name: str):
        found = [o for o in by_name.get(name, ()) if schema is None or o.schema == schema]
        if len(found) != 1 or not isinstance(found[0], Table):
            return None
        return found[0].key, frozenset(c.name for c in found[0].columns)
    return lookup


def when_reads_columns(collector, origin, when: str, table_key: str, column_names) -> bool:
    """A trigger's WHEN names its table's columns as NEW.col and OLD.col:
    each must exist (spec errors otherwise). Whether all do."""
    columns = frozenset(column_names)
    reads = expression_reads(when, {"new": (table_key, columns), "old": (table_key, columns)}, lambda s, n: None)
    return report_missing(collector, origin, reads, "the trigger condition", lambda key: columns)
