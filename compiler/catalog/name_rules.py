"""Name rules over a whole catalog: the 63-byte limit, collisions in the
namespaces PostgreSQL keeps names in (relations, types and functions per
schema; constraints, triggers and policies per table; roles per server), and
names that differ only in case."""

from __future__ import annotations

from collections import Counter, defaultdict

from compiler.catalog.names import MAX_IDENTIFIER_BYTES, byte_length
from compiler.catalog.objects import Catalog, Constraint, Enum, Index, Schema, Sequence, Source, Table
from compiler.catalog.programmable import Function, Policy, Role, Trigger, View
from compiler.catalog.user_types import USER_TYPES, Aggregate, user_type_names
from compiler.errors import ErrorCollector, SpecError
from compiler.render.deploy import HISTORY_SCHEMA


def _error(source: Source | None, message: str, hint: str) -> SpecError:
    source = source or Source("<spec>", 1, 1)
    return SpecError(source.file, source.line, source.column, source.path, message, hint)


def _where(source: Source | None) -> str:
    return f"{source.file}:{source.line}" if source else "elsewhere"


def check_names(catalog: Catalog | list, collector: ErrorCollector) -> None:
    """Every name the specs give or generate, in the namespace PostgreSQL
    keeps it in. `catalog` holds every object resolved, two of one key
    included (two domains defining one table), so no collision is lost."""
    _check_lengths(catalog, collector)
    relations = defaultdict(list)  # schema -> [(name, what, source, owner)]: pg_class
    types = defaultdict(list)  # schema -> enums; tables and views are added from `relations`: pg_type
    functions = defaultdict(list)  # schema -> functions and procedures by name and argument types: pg_proc
    per_table = defaultdict(list)  # (schema, table, kind) -> constraints, triggers or policies
    roles = []
    for obj in catalog:
        if isinstance(obj, Table):
            relations[obj.schema].append((obj.name, f"table `{obj.name}`", obj.source, None))
            _unique_in(collector, [(c.name, f"column `{c.name}`", c.source, None) for c in obj.columns],
                       f"table `{obj.name}`")
        elif isinstance(obj, View):
            what = "materialized view" if obj.materialized else "view"
            relations[obj.schema].append((obj.name, f"{what} `{obj.name}`", obj.source, None))
        elif isinstance(obj, Sequence):
            relations[obj.schema].append((obj.name, f"sequence `{obj.name}`", obj.source, None))
        elif isinstance(obj, Enum):
            types[obj.schema].append((obj.name, f"enum `{obj.name}`", obj.source, None))
        elif isinstance(obj, USER_TYPES):
            types[obj.schema] += [(name, f"{what} `{name}`", obj.source, None) for name, what in user_type_names(obj)]
        elif isinstance(obj, Aggregate):
            functions[obj.schema].append((obj.identity, f"aggregate `{obj.identity}`", obj.source, None))
        elif isinstance(obj, Index):
            relations[obj.schema].append((obj.name, f"index `{obj.name}`", obj.source, obj.table.lower()))
        elif isinstance(obj, Constraint):
            per_table[(obj.schema, obj.table, "constraints")].append(
                (obj.name, f"constraint `{obj.name}`", obj.source, None))
            if obj.kind in ("primary_key", "unique", "exclusion"):
                relations[obj.schema].append((obj.name, f"the index of constraint `{obj.name}`", obj.source,
                                              obj.table.lower()))
        elif isinstance(obj, Function):
            what = "function" if obj.returns is not None else "procedure"
            functions[obj.schema].append((obj.identity, f"{what} `{obj.identity}`", obj.source, None))
        elif isinstance(obj, (Trigger, Policy)):
            what = "trigger" if isinstance(obj, Trigger) else "policy"
            per_table[(obj.schema, obj.table, what)].append((obj.name, f"{what} `{obj.name}`", obj.source, None))
            if what == "trigger" and obj.constraint:  # CREATE CONSTRAINT TRIGGER also makes a constraint of its name
                per_table[(obj.schema, obj.table, "constraints")].append(
                    (obj.name, f"constraint trigger `{obj.name}`", obj.source, None))
        elif isinstance(obj, Role):
            roles.append((obj.name, f"role `{obj.name}`", obj.source, None))
        if isinstance(obj, (Schema, Role)):
            _check_reserved(obj, collector)
    twice = {}  # schema -> names of relations defined twice: their constraints, triggers and policies clash too
    for schema, items in sorted(relations.items()):
        own = Counter(i[0] for i in items if i[3] is None)
        twice[schema] = {n for n, times in own.items() if times > 1}
        lowered = Counter(n.lower() for n in own.elements())
        _unique_in(collector, items, f"schema `{schema}` (tables, views and indexes share one namespace)",
                   {n for n, times in lowered.items() if times > 1})
    for schema in sorted(set(types) | set(relations)):
        # each table and view also defines a type of its name; two relations clash as relations already
        named = types[schema] + [i for i in relations[schema] if i[3] is None]
        _unique_in(collector, named, f"schema `{schema}` (each table and view also defines a type of its name)",
                   skip_relations=True)
    for schema, items in sorted(functions.items()):
        _unique_in(collector, items, f"schema `{schema}` (a function is known by its name and argument types)",
                   hint="give one of them another name, or other argument types")
    for (schema, table, kind), items in sorted(per_table.items()):
        if table not in twice.get(schema, ()):  # else the table's own error says it all
            _unique_in(collector, items, f"table `{table}`")
    _unique_in(collector, roles, "the roles of the server (a role belongs to the whole server, not one database)",
               hint="declare the role in one domain; every domain may grant to it")


# names PostgreSQL keeps for itself (CREATE SCHEMA/ROLE refuses them), and the deploy history's schema
_RESERVED_SCHEMAS = {"information_schema": "PostgreSQL's own", HISTORY_SCHEMA: "where schemac keeps the deploy history"}
_RESERVED_ROLES = ("public", "none")


def _check_reserved(obj, collector: ErrorCollector) -> None:
    what = "schema" if isinstance(obj, Schema) else "role"
    name = obj.name
    if name.startswith("pg_"):
        collector.add(_error(obj.source, f"{what} name `{name}` is reserved: PostgreSQL keeps names beginning "
                                         f"with `pg_` for its own {what}s and refuses to create one",
                             f"give the {what} a name that does not begin with `pg_`"))
    elif isinstance(obj, Schema) and name in _RESERVED_SCHEMAS:
        collector.add(_error(obj.source, f"schema name `{name}` is reserved: it is {_RESERVED_SCHEMAS[name]}",
                             "give the schema another name"))
    elif isinstance(obj, Role) and name in _RESERVED_ROLES:
        collector.add(_error(obj.source, f"role name `{name}` is reserved: PostgreSQL gives it a meaning of its "
                                         "own in GRANT and refuses to create a role of that name",
                             "give the role another name (grant to `public` without declaring it)"))


def _unique_in(collector: ErrorCollector, items, namespace: str, clashing: set[str] = frozenset(),
               skip_relations: bool = False, hint: str = "") -> None:
    """Report names of `items` that repeat, exactly or but for case. Items are
    (name, what, source, owner): `owner` is the lower-cased table a generated
    name belongs to. Clashes between names owned by tables that themselves
    clash (`clashing`) are left to the tables' own error, as are clashes
    between two relations when `skip_relations`."""
    exact: dict[str, tuple] = {}
    folded: dict[str, tuple] = {}
    counts: dict[str, int] = {}
    for item in items:
        counts[item[0].lower()] = counts.get(item[0].lower(), 0) + 1
    repeated = [item for item in items if counts[item[0].lower()] > 1]  # only these need their source
    for item in sorted(repeated, key=lambda i: (i[2].file, i[2].line, i[2].column) if i[2] else ("", 0, 0)):
        name, what, source, owner = item
        lowered = name.lower()
        first = exact.get(name) or folded.get(lowered)
        exact.setdefault(name, item)
        folded.setdefault(lowered, item)
        if first is None:
            continue
        if owner is not None and owner == first[3] and owner in clashing:
            continue
        if skip_relations and not what.startswith(_TYPES) and not first[1].startswith(_TYPES):
            continue
        if first[0] == name:
            collector.add(_error(source, f"{what} has the same name as {first[1]} ({_where(first[2])}) in {namespace}",
                                 hint or _collision_hint(name)))
        else:
            collector.add(_error(source, f"{what} differs only in case from {first[1]} ({_where(first[2])}) in {namespace}",
                                 "names that differ only in case are confusing in SQL; rename one of them"))


_TYPES = ("enum ", "domain ", "composite type ", "range type ", "multirange type ")


def _collision_hint(name: str) -> str:
    if byte_length(name) == MAX_IDENTIFIER_BYTES:
        return ("PostgreSQL truncates generated names to 63 bytes, which made these two collide; "
                "give one of them an explicit `name:`")
    return "give one of them another name (an explicit `name:` for a generated name)"


def _check_lengths(catalog: Catalog, collector: ErrorCollector) -> None:
    def check(name: str, what: str, source) -> None:
        # a character is at most 4 bytes in UTF-8: a short name needs no counting
        if len(name) * 4 > MAX_IDENTIFIER_BYTES and byte_length(name) > MAX_IDENTIFIER_BYTES:
            collector.add(_error(source, f"{what} `{name[:20]}…` is {byte_length(name)} bytes long; PostgreSQL "
                                 f"allows {MAX_IDENTIFIER_BYTES}", "shorten the name (PostgreSQL would silently truncate it)"))
    for obj in catalog:
        if isinstance(obj, Table):
            check(obj.name, "table name", obj.source)
            for column in obj.columns:
                check(column.name, "column name", column.source)
        elif isinstance(obj, Enum):
            check(obj.name, "enum name", obj.source)
            for value in obj.values:
                check(value, "enum value", obj.source)
        elif isinstance(obj, (Index, Constraint)):
            check(obj.name, "name", obj.source)
        elif isinstance(obj, USER_TYPES):
            check(obj.name, "type name", obj.source)  # its multirange's name PostgreSQL clips itself
            for part in (*getattr(obj, "attributes", ()), *getattr(obj, "checks", ())):
                check(part.name, "attribute name" if hasattr(part, "type") else "check name", obj.source)
        elif hasattr(obj, "name"):
            check(obj.name, "name", obj.source)
