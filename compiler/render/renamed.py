"""SQL texts as PostgreSQL shows them once a migration's renames have run.

PostgreSQL stores views, policies, checks, index expressions and
predicates, defaults, generated columns and trigger WHENs parsed, so ALTER
... RENAME rewrites them: after `RENAME COLUMN qty TO amount` the view
`select id, qty from lots` reads `SELECT id, amount AS qty FROM lots` (its
output column keeps its name). compiler/diff/renames.py rewrites the
previous catalog that way, so the old version of an object is what the
database holds between the renames and the rest of a migration: up.sql drops
it after the renames, and down.sql, which runs them backwards, makes it
again before renaming back, in names that exist at that point.

A name is changed where it names the renamed object: a relation in FROM, a
type, a function call, and a column through the relation it is read from
(a table alias, the table's name, or for an expression of a table, such as
a check, that table and a trigger's OLD and NEW). An unqualified column is
taken from the nearest query whose FROM holds a table that renamed a column
of that name. SQL function and PL/pgSQL bodies are stored as written and
are not rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pglast import ast, parse_sql
from pglast.parser import ParseError
from pglast.stream import RawStream
from pglast.visitors import Visitor

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, eq=False)
class NameChanges:
    """What a migration renames, as SQL texts name it, each old -> new and
    unqualified: relations (tables and views), types, functions, enum labels,
    and the columns of each relation ({relation's new name: {old: new}})."""

    relations: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    functions: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    moved: dict = field(default_factory=dict)  # (old schema, old name) of a table moved -> its new schema

    def old_names(self, labels: bool) -> frozenset[str]:
        names = {*self.relations, *self.types, *self.functions, *(c for m in self.columns.values() for c in m),
                 *(name for _, name in self.moved)}
        return frozenset(n.lower() for n in (names | set(self.labels) if labels else names))


def renamed_sql(text: str, changes: NameChanges, statement: bool, table: str | None = None) -> str | None:
    """`text` (a query if `statement`, else an expression of the relation
    `table`, named as after the renames) as PostgreSQL shows it once the
    renames ran; None when it names none of them or does not parse."""
    if not changes.old_names(False) & set(_WORD.findall(text.lower())):
        return None
    tree = _parse(text, statement)
    if tree is None:
        return None
    before = RawStream()(tree)
    renamed = _Renamer(changes, table, labels=False).node(tree)
    after = RawStream()(renamed)
    return after if after != before else None


def same_after_renames(old: str, new: str, changes: NameChanges, statement: bool, table: str | None = None) -> bool:
    """Whether `old` means `new` once the renames (and the enum labels'
    renames) ran: both compared as parse trees, so layout and quoting do not
    matter."""
    old_tree, new_tree = _parse(old, statement), _parse(new, statement)
    if old_tree is None or new_tree is None:
        return False
    return _Renamer(changes, table, labels=True).node(old_tree) == new_tree


def _parse(text: str, statement: bool):
    try:
        if statement:
            statements = parse_sql(text)
            return statements[0].stmt if len(statements) == 1 else None
        statements = parse_sql("SELECT (" + text + "\n)")
    except ParseError:
        return None
    return statements[0].stmt.targetList[0].val if len(statements) == 1 else None


@dataclass
class _Frame:
    """The relations one query reads: by the qualifier that names them (an
    alias, else the relation's name), their column renames (None for a
    subquery, a function or a CTE) and the qualifier once renamed (a
    relation's new name, where its name is the qualifier)."""

    qualifiers: dict
    columns: list  # the column renames of each table read


class _Renamer:
    def __init__(self, changes: NameChanges, table: str | None, labels: bool):
        self.changes = changes
        self.labels = labels
        self.frames: list[_Frame] = []
        self.ctes: list[set] = []
        if table is not None:
            mapping = changes.columns.get(table, {})
            old = {o for o, n in changes.relations.items() if n == table}
            qualifiers = {n: (mapping, table if n in old else n) for n in (table, *old, "old", "new")}
            self.frames.append(_Frame(qualifiers, [mapping]))

    # -------------------------------------------------------------- walking

    def node(self, value):
        if isinstance(value, tuple):
            items = tuple(self.node(v) for v in value)
            return value if all(a is b for a, b in zip(items, value)) else items
        if not isinstance(value, ast.Node):
            return value
        if isinstance(value, ast.SelectStmt):
            return self._select(value)
        value = self._children(value)
        handler = getattr(self, "_" + type(value).__name__, None)
        return handler(value) if handler else value

    def _children(self, value: ast.Node) -> ast.Node:
        changes = {}
        for name in value.__slots__:
            current = getattr(value, name)
            if isinstance(current, (ast.Node, tuple)):
                new = self.node(current)
                if new is not current:
                    changes[name] = new
        if not changes:
            return value
        fields = {name: getattr(value, name) for name in value.__slots__}
        fields.update(changes)
        return type(value)(**fields)

    def _select(self, select: ast.SelectStmt) -> ast.SelectStmt:
        self.ctes.append({c.ctename for c in (select.withClause.ctes if select.withClause else ())})
        self.frames.append(self._frame(select.fromClause or ()))
        try:
            implicit = [_figure(t.val) if isinstance(t, ast.ResTarget) and t.name is None else None
                        for t in select.targetList or ()]
            select = self._children(select)
            if select.targetList:
                select.targetList = tuple(
                    _named(t, name) for t, name in zip(select.targetList, implicit))
            return select
        finally:
            self.frames.pop()
            self.ctes.pop()

    def _frame(self, items) -> _Frame:
        frame = _Frame({}, [])
        for item in items:
            self._from_item(item, frame)
        return frame

    def _from_item(self, item, frame: _Frame) -> None:
        if isinstance(item, ast.JoinExpr):
            self._from_item(item.larg, frame)
            self._from_item(item.rarg, frame)
            if item.alias is not None:
                frame.qualifiers[item.alias.aliasname] = (None, item.alias.aliasname)
        elif isinstance(item, ast.RangeVar):
            cte = item.schemaname is None and any(item.relname in names for names in self.ctes)
            relation = self.changes.relations.get(item.relname, item.relname)
            mapping = None if cte else self.changes.columns.get(relation, {})
            if item.alias is not None:
                frame.qualifiers[item.alias.aliasname] = (mapping, item.alias.aliasname)
            else:
                frame.qualifiers[item.relname] = (mapping, relation)
            if mapping:
                frame.columns.append(mapping)
        else:
            alias = getattr(item, "alias", None)
            if alias is not None:
                frame.qualifiers[alias.aliasname] = (None, alias.aliasname)

    # -------------------------------------------------------------- names

    def _ColumnRef(self, ref: ast.ColumnRef):
        fields = ref.fields
        if not isinstance(fields[-1], ast.String):
            return ref
        column = fields[-1].sval
        if len(fields) > 1 and isinstance(fields[-2], ast.String):
            mapping, qualifier = self._qualified(fields[-2].sval)
            fields = (*fields[:-2], ast.String(qualifier), fields[-1])
        else:
            mapping = self._unqualified(column)
        if mapping and column in mapping:
            fields = (*fields[:-1], ast.String(mapping[column]))
        return ref if fields == ref.fields else ast.ColumnRef(fields=fields)

    def _qualified(self, qualifier: str) -> tuple[dict | None, str]:
        for frame in reversed(self.frames):
            if qualifier in frame.qualifiers:
                return frame.qualifiers[qualifier]
        return None, qualifier

    def _unqualified(self, column: str):
        for frame in reversed(self.frames):
            for mapping in frame.columns:
                if column in mapping:
                    return mapping
        return None

    def _RangeVar(self, rel: ast.RangeVar):
        if rel.schemaname is None and any(rel.relname in names for names in self.ctes):
            return rel
        schema = self.changes.moved.get((rel.schemaname, rel.relname)) if rel.schemaname else None
        rel = _renamed_field(rel, "relname", self.changes.relations)
        return _renamed_field(rel, "schemaname", {rel.schemaname: schema}) if schema else rel

    def _TypeName(self, name: ast.TypeName):
        return _renamed_last(name, "names", self.changes.types)

    def _FuncCall(self, call: ast.FuncCall):
        return _renamed_last(call, "funcname", self.changes.functions)

    def _A_Const(self, const: ast.A_Const):
        if self.labels and isinstance(const.val, ast.String) and const.val.sval in self.changes.labels:
            return ast.A_Const(val=ast.String(self.changes.labels[const.val.sval]), isnull=False)
        return const


def _renamed_field(node, name: str, mapping: dict):
    value = getattr(node, name)
    if value not in mapping:
        return node
    fields = {n: getattr(node, n) for n in node.__slots__}
    fields[name] = mapping[value]
    return type(node)(**fields)


def _renamed_last(node, name: str, mapping: dict):
    parts = getattr(node, name) or ()
    if not parts or not isinstance(parts[-1], ast.String) or parts[-1].sval not in mapping:
        return node
    if len(parts) > 1 and isinstance(parts[0], ast.String) and parts[0].sval == "pg_catalog":
        return node
    fields = {n: getattr(node, n) for n in node.__slots__}
    fields[name] = (*parts[:-1], ast.String(mapping[parts[-1].sval]))
    return type(node)(**fields)


def _figure(value) -> str | None:
    """The name PostgreSQL gives an output column written without AS, for the
    expressions whose name a rename can change (FigureColname)."""
    if isinstance(value, ast.ColumnRef):
        last = value.fields[-1]
        return last.sval if isinstance(last, ast.String) else None
    if isinstance(value, ast.FuncCall):
        return value.funcname[-1].sval
    if isinstance(value, ast.TypeCast):
        inner = _figure(value.arg)
        names = value.typeName.names or ()
        return inner if inner is not None else (names[-1].sval if names else None)
    return None


def _named(target, name: str | None):
    """An output column keeps the name it had before the renames."""
    if name is None or not isinstance(target, ast.ResTarget) or _figure(target.val) == name:
        return target
    return ast.ResTarget(name=name, indirection=target.indirection, val=target.val)


def on_renamed_table(expression: str | None, schema: str, table: str, new: str) -> str | None:
    """An expression of table `schema.table` (a policy's) as a table named
    `new` reads it: a column qualified with the table's own name
    (`orgs.owner`, as pg_dump prints policies, or `public.orgs.owner`) names
    `new` instead, through the parse tree. verify.sql builds its shadow
    policies on tables of other names this way."""
    if expression is None:
        return None
    unqualified = _without_schema(expression, schema, table)
    return renamed_sql(unqualified, NameChanges(relations={table: new}), statement=False, table=new) or unqualified


class _SchemaDropper(Visitor):
    """`schema.table.column` -> `table.column` for one table."""

    def __init__(self, schema: str, table: str) -> None:
        super().__init__()
        self.names = (schema, table)

    def visit_ColumnRef(self, ancestors, node):
        fields = node.fields
        if len(fields) == 3 and all(isinstance(f, ast.String) for f in fields[:2]) \
                and (fields[0].sval, fields[1].sval) == self.names:
            return ast.ColumnRef(fields=fields[1:], location=node.location)
        return None


def _without_schema(expression: str, schema: str, table: str) -> str:
    if schema not in expression:
        return expression
    try:
        tree = parse_sql("SELECT (" + expression + "\n)")
    except ParseError:
        return expression
    before = RawStream()(tree)
    _SchemaDropper(schema, table)(tree)
    after = RawStream()(tree)
    return after[len("SELECT "):] if after != before else expression
