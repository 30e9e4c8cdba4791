"""Sequences: `sequences:` of the specs and those `serial` columns make.

A sequence is resolved to every option PostgreSQL records in pg_sequence,
with PostgreSQL's own defaults worked out (init_params in sequence.c): the
type's range, MINVALUE 1 or MAXVALUE -1 by the direction of `increment`,
START at the bound the sequence counts from. So `serial` and the pg_dump
form of it (CREATE SEQUENCE ... AS integer, a `nextval(...)` default, OWNED
BY) are the same catalog objects. A default that is one `nextval(...)` call
on a sequence of the specs is written in one form, `nextval('schema.name'::
regclass)`, whatever way it was spelt (`nextval('name')`), as PostgreSQL
stores the sequence's OID and not its spelling.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog import names
from compiler.catalog import types as pgtypes
from compiler.catalog.objects import Column, ColumnDefault, Sequence, TypeRef
from compiler.catalog.offline_checks import INTEGER_TYPES, _nodes, _sequence_name
from compiler.catalog.scope import Origin, Scopes
from compiler.errors import ErrorCollector
from compiler.render.oracle import parse_expression
from compiler.render.sql import nextval_call
from compiler.spec.errors import suggest
from compiler.spec.models import SequenceSpec

SERIAL_TYPES = {"smallserial": "smallint", "serial2": "smallint", "serial": "integer", "serial4": "integer",
                "bigserial": "bigint", "serial8": "bigint"}
RANGES = {"smallint": (-(2 ** 15), 2 ** 15 - 1), "integer": (-(2 ** 31), 2 ** 31 - 1),
          "bigint": (-(2 ** 63), 2 ** 63 - 1)}
SEQUENCE_PRIVILEGES = ("usage", "select", "update")


@dataclass
class DeclaredSequence:
    domain: str
    schema: str
    name: str
    spec: SequenceSpec
    origin: Origin


def serial_type(text: str) -> str | None:
    """The integer type a `serial`-family shorthand stands for, else None."""
    return SERIAL_TYPES.get(text.strip().lower())


def serial_sequence_name(table: str, column: str) -> str:
    """`<table>_<column>_seq`, cut to 63 bytes as PostgreSQL cuts it."""
    return names.object_name(table, column, "seq")


def serial_sequence(schema: str, table: str, column: str, integer_type: str, source,
                    table_renamed_from: str | None = None, column_renamed_from: str | None = None) -> Sequence:
    """The sequence of a `serial` column. When its table or column is
    renamed, the sequence keeps its name in PostgreSQL: it is renamed to
    the new `<table>_<column>_seq` (a hint), not made again from 1."""
    low, high = RANGES[integer_type]
    previous = None
    if table_renamed_from or column_renamed_from:
        previous = serial_sequence_name(table_renamed_from or table, column_renamed_from or column)
    return Sequence(schema, serial_sequence_name(table, column), integer_type, 1, 1, 1, high, 1, False,
                    (table, column), None, source=source, renamed_from=previous)


def serial_column(entry, name: str, spec, origin: Origin, source, collector: ErrorCollector):
    """(the Column, its Sequence) of a `serial` column of table `entry`, or
    None after reporting what PostgreSQL refuses on it."""
    problems = serial_problems(spec, origin, spec.type.strip().lower())
    for problem in problems:
        collector.add(problem)
    if problems:
        return None
    schema, table = entry.schema, entry.name
    integer_type = serial_type(spec.type)
    sequence = serial_sequence(schema, table, name, integer_type, source, entry.spec.renamed_from, spec.renamed_from)
    column = Column(name=name, type=TypeRef(integer_type), nullable=False,
                    default=ColumnDefault(expression=nextval_call(schema, sequence.name)), comment=spec.comment,
                    sensitive=spec.sensitive, depends_on=(sequence.key,), source=source,
                    renamed_from=spec.renamed_from, using=spec.using_expression,
                    online=spec.using_online)
    return column, sequence


class KnownSequences:
    """The sequences a table's expressions may name, found once per compile:
    those the specs make (`sequences:`, `serial` columns) and those of
    identity columns (`<table>_<column>_seq`, which PostgreSQL makes)."""

    def __init__(self, scopes: Scopes) -> None:
        self.scopes = scopes
        self._made: dict | None = None
        self._known: frozenset[str] | None = None

    def _columns(self):
        """(schema, table, column name, column spec) of every table, with its mixins' columns."""
        for scope in self.scopes.by_domain.values():
            for entry in scope.tables.values():
                columns = dict(entry.spec.columns)
                for mixin_name in entry.spec.use:
                    mixin, _ = self.scopes.find(entry.domain, "mixins", mixin_name)
                    if mixin is not None:
                        columns = {**mixin.spec.columns, **columns}
                for name, column in columns.items():
                    yield entry.schema, entry.name, name, column

    def made(self) -> dict:
        """(schema, name) -> None for every sequence the specs make."""
        if self._made is None:
            found = dict.fromkeys(declared_sequences(self.scopes))
            for schema, table, name, column in self._columns():
                if serial_type(column.type) is not None:
                    found[(schema, serial_sequence_name(table, name))] = None
            self._made = found
        return self._made

    def known(self) -> frozenset[str]:
        """`schema.name` of every sequence nextval() may name."""
        if self._known is None:
            identity = {f"{schema}.{serial_sequence_name(table, name)}"
                        for schema, table, name, column in self._columns() if column.identity}
            self._known = frozenset(identity | {f"{s}.{n}" for s, n in self.made()})
        return self._known


def declared_sequences(scopes: Scopes, collector: ErrorCollector | None = None) -> dict[tuple[str, str], DeclaredSequence]:
    """(schema, name) -> each sequence of the specs' `sequences:`. A key
    is a plain name (the domain's schema); with a collector, a dotted key
    and a name defined twice are reported."""
    found: dict[tuple[str, str], DeclaredSequence] = {}
    for scope in scopes.by_domain.values():
        for part in scope.domain.parts:
            for name, spec in part.spec.sequences.items():
                origin = Origin(part.document, ("sequences", name))
                if "." in name:
                    if collector is not None:
                        collector.add(origin.error(
                            f"a sequence key is a plain name: `{name}` would make the sequence \"{name}\" in "
                            f"schema `{scope.schema}`",
                            f"a domain's sequences go into its schema (`schema: {scope.schema}`)", at_key=True))
                    continue
                key = (scope.schema, name)
                if key in found:
                    if collector is not None:
                        first = found[key].origin
                        collector.add(origin.error(
                            f"sequence `{name}` is defined twice in schema `{scope.schema}`",
                            f"the other definition is at {first.document.file}:{first.document.locate(first.path)[0]}",
                            at_key=True))
                    continue
                found[key] = DeclaredSequence(scope.domain.name, scope.schema, name, spec, origin)
    return found


def nextval_target(text: str, schema: str) -> tuple[str, str] | None:
    """(schema, name) of the sequence when `text` is exactly one call
    `nextval('s')` or `nextval('s'::regclass)`; an unqualified name is in
    `schema`. None for any other expression."""
    _, tree = parse_expression(text)
    if not isinstance(tree, dict) or "FuncCall" not in tree:
        return None
    call = tree["FuncCall"]
    funcname = [n.get("String", {}).get("sval") for n in call.get("funcname", [])]
    if funcname not in (["nextval"], ["pg_catalog", "nextval"]) or len(call.get("args", [])) != 1:
        return None
    name = _sequence_name(call["args"][0])
    if name is None or name.count(".") > 1:
        return None
    seq_schema, _, bare = name.rpartition(".")
    return (seq_schema or schema, bare)


def sequences_used(text: str, schema: str, known: dict) -> tuple[str, ...]:
    """Keys of the sequences of `known` that `text` names in nextval(),
    currval() or setval(): the table waits for them."""
    _, tree = parse_expression(text)
    found = set()
    for kind, node in _nodes({"root": tree}) if tree is not None else ():
        names = [n.get("String", {}).get("sval") for n in node.get("funcname", [])] if kind == "FuncCall" else []
        if names[-1:] and names[-1] in ("nextval", "currval", "setval") and node.get("args"):
            name = _sequence_name(node["args"][0])
            if name is not None and name.count(".") <= 1:
                seq_schema, _, bare = name.rpartition(".")
                if (seq_schema or schema, bare) in known:
                    found.add(f"sequence:{seq_schema or schema}.{bare}")
    return tuple(sorted(found))


def canonical_default(default: ColumnDefault | None, schema: str, known: dict) -> tuple[ColumnDefault | None, tuple]:
    """A lone nextval() default on a sequence of `known` in its one form,
    and the keys of the sequences the default uses."""
    if default is None or default.expression is None:
        return default, ()
    target = nextval_target(default.expression, schema)
    if target is None or target not in known:
        return default, sequences_used(default.expression, schema, known)
    return ColumnDefault(expression=nextval_call(*target)), (f"sequence:{target[0]}.{target[1]}",)


class SequenceResolver:
    def __init__(self, scopes: Scopes, collector: ErrorCollector) -> None:
        self.scopes = scopes
        self.collector = collector

    def resolve(self, declared: dict[tuple[str, str], DeclaredSequence], tables: dict) -> list[Sequence]:
        """The Sequence of each declared sequence; `tables`: (schema, name) ->
        ResolvedTable, for `owned_by`."""
        result = []
        for (schema, name), entry in sorted(declared.items()):
            sequence = self._one(entry, tables)
            if sequence is not None:
                result.append(sequence)
        return result

    def _one(self, entry: DeclaredSequence, tables: dict) -> Sequence | None:
        from compiler.catalog.tables import source_of
        spec, origin = entry.spec, entry.origin
        parsed = pgtypes.builtin_name(spec.type.strip(), ())
        integer_type = parsed[0] if parsed else None
        if integer_type not in INTEGER_TYPES:
            self.collector.add(origin.at("type").error(
                f"a sequence is smallint, integer or bigint, not `{spec.type}`",
                "write `type: integer` (or smallint, bigint; the default is bigint)"))
            return None
        bounds = self._bounds(spec, integer_type, origin)
        if bounds is None:
            return None
        start, low, high = bounds
        owned_by = self._owner(entry, tables) if spec.owned_by else ()
        if owned_by is None:
            return None
        return Sequence(entry.schema, entry.name, integer_type, start, spec.increment, low, high, spec.cache,
                        spec.cycle, owned_by, spec.comment, source=source_of(origin), renamed_from=spec.renamed_from)

    def _bounds(self, spec: SequenceSpec, integer_type: str, origin: Origin) -> tuple[int, int, int] | None:
        """(start, min, max) as PostgreSQL works them out, or None after
        reporting what it would refuse."""
        type_low, type_high = RANGES[integer_type]
        ascending = spec.increment > 0
        low = spec.min if spec.min is not None else (1 if ascending else type_low)
        high = spec.max if spec.max is not None else (type_high if ascending else -1)
        ok = True
        for key, value in (("min", spec.min), ("max", spec.max)):
            if value is not None and not type_low <= value <= type_high:
                ok = False
                self.collector.add(origin.at(key).error(
                    f"`{key}: {value}` is out of range for a sequence of type {integer_type}",
                    f"{integer_type} holds {type_low} to {type_high}; write a value in that range or a wider `type:`"))
        if not ok:
            return None
        if low >= high:
            self.collector.add(origin.at("min" if spec.min is not None else "max").error(
                f"the sequence's minimum ({low}) must be less than its maximum ({high})",
                "for a descending sequence (negative `increment`) the maximum defaults to -1: give `max:`"
                if not ascending else "raise `max:` or lower `min:`"))
            return None
        start = spec.start if spec.start is not None else (low if ascending else high)
        if not low <= start <= high:
            self.collector.add(origin.at("start").error(
                f"`start: {start}` is outside the sequence's range {low} to {high}",
                "start at a value between `min` and `max`"))
            return None
        return start, low, high

    def _owner(self, entry: DeclaredSequence, tables: dict) -> tuple[str, str] | None:
        """(table, column) of `owned_by`: a table of the specs in the
        sequence's schema (PostgreSQL's rule), and one of its columns."""
        origin = entry.origin.at("owned_by")
        table_ref, _, column = entry.spec.owned_by.rpartition(".")
        table_schema, _, table = table_ref.rpartition(".")
        if not table or not column:
            self.collector.add(origin.error(f"`owned_by: {entry.spec.owned_by}` must name a table and a column",
                                            "write `owned_by: table.column`"))
            return None
        if table_schema and table_schema != entry.schema:
            self.collector.add(origin.error(
                f"a sequence can only be owned by a table of its own schema (`{entry.schema}`), not of `{table_schema}`",
                "PostgreSQL requires the sequence and its table in one schema: define the sequence with the table"))
            return None
        resolved = tables.get((entry.schema, table))
        if resolved is None:
            if self.scopes.was_dropped(entry.domain, "tables", table):
                return None
            known = sorted(n for (s, n) in tables if s == entry.schema)
            self.collector.add(origin.error(
                f"`owned_by` names table `{table}`, which the specs do not make in schema `{entry.schema}`",
                suggest(table, known) or "a sequence is owned by a column of a table of the specs in its own schema"))
            return None
        if resolved.table.column(column) is None:
            if self.scopes.column_was_dropped(entry.domain, table, column):
                return None
            self.collector.add(origin.error(
                f"`owned_by` names column `{column}`, which table `{table}` does not have",
                suggest(column, [c.name for c in resolved.table.columns]) or
                f"columns of `{table}`: {', '.join(c.name for c in resolved.table.columns)}"))
            return None
        return (table, column)


def serial_problems(spec, origin: Origin, parsed_type: str) -> list:
    """What PostgreSQL refuses on a `serial` column: a default (serial is
    one), NULL allowed, identity, a generated expression, an array."""
    problems = []
    if spec.default is not None:
        problems.append(origin.at("default").error(
            f"a `{parsed_type}` column has a default already: nextval() of its own sequence",
            "remove `default`, or make the column a plain integer type with this default"))
    if spec.nullable:
        problems.append(origin.at("nullable").error(
            f"a `{parsed_type}` column is NOT NULL", "remove `nullable: true`, or use an integer type with a default"))
    if spec.identity:
        problems.append(origin.at("identity").error(
            f"a `{parsed_type}` column cannot also be an identity column",
            "choose one: `identity:` on an integer type (recommended), or the `serial` shorthand"))
    if spec.generated is not None:
        problems.append(origin.at("generated").error(
            f"a `{parsed_type}` column cannot be generated", "remove `generated`, or use an integer type"))
    return problems


def sequence_grants(scopes: Scopes, security) -> list:
    """GRANT USAGE / SELECT / UPDATE (or ALL) on the specs' sequences."""
    grants = []
    for (schema, name), entry in sorted(declared_sequences(scopes).items()):
        grants += security.grants(f"sequence:{schema}.{name}", "sequence", schema, name, entry.spec.grants,
                                  entry.origin.at("grants"))
    return grants
