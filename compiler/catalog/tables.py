"""Resolve one table spec (with its mixins) into a Table, its constraints and
its indexes. Foreign key targets are checked afterwards, once every table's
keys are known (`ForeignKeyResolver`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.catalog import names
from compiler.catalog.columns import ColumnResolver
from compiler.catalog.enum_labels import check_labels, enum_columns
from compiler.catalog.exclusions import exclusion, temporal_key_ok
from compiler.catalog.expressions import leading_function
from compiler.catalog.index_elements import (
    build,
    elements_ok,
    expression_origins,
    expression_typer,
    index_items,
    index_options_ok,
    index_texts,
    storage_parameters,
)
from compiler.catalog.index_methods import method_ok
from compiler.catalog.objects import Column, Constraint, Index, Sequence, Source, Table
from compiler.catalog.offline_checks import INTEGER_TYPES, default_problem, expression_problems
from compiler.catalog.partitions import resolve_partitioning
from compiler.catalog.scope import Entry, Origin, Scopes
from compiler.catalog.sequences import KnownSequences, canonical_default, serial_column, serial_type
from compiler.catalog.virtual_columns import virtual_problems
from compiler.errors import ErrorCollector
from compiler.render.oracle import expression_error
from compiler.spec.errors import suggest
from compiler.spec.models import ColumnSpec, ForeignKeySpec, IndexSpec, UniqueSpec
from compiler.spec.source import format_path


def source_of(origin: Origin, at_key: bool = True) -> Source:
    def lookup() -> tuple[int, int, str]:
        line, column = origin.document.locate(origin.path, at_key=at_key)
        return line, column, format_path(origin.path)
    return Source(origin.document.file, lookup=lookup)


@dataclass
class PendingForeignKey:
    """A foreign key whose target is checked once all tables are resolved."""

    constraint_name: str
    schema: str
    table: str
    columns: tuple[str, ...]
    target: str  # table reference as written
    target_columns: tuple[str, ...] | None  # None: the target's primary key
    spec: ForeignKeySpec | ColumnSpec
    domain: str
    origin: Origin  # the `references:` value of a column, or the item of `foreign_keys:`
    columns_of: str | None = None  # the table whose columns `columns` are, when not `table` (a partition's parent)

    @property
    def inline(self) -> bool:
        """Written on a column as `references: table.column`."""
        return isinstance(self.spec, ColumnSpec)

    def target_error(self, message: str, hint: str):
        """An error about the referenced table (or the reference as a whole)."""
        where = self.origin if self.inline else self.origin.at("references", "table")
        return where.error(message, hint)

    def target_column_error(self, i: int | None, message: str, hint: str):
        """An error about the i-th referenced column (None: all of them);
        inline, the column name after the dot of `table.column`."""
        if self.inline:
            return self.origin.document.error_in_value(self.origin.path, len(self.target) + 1, message, hint)
        steps = ("references", "columns") + (() if i is None else (i,))
        return self.origin.at(*steps).error(message, hint)

    def action_error(self, action: str, message: str, hint: str):
        """An error about `on_delete` or `on_update` (`action`)."""
        owner = Origin(self.origin.document, self.origin.path[:-1]) if self.inline else self.origin
        return owner.at(action).error(message, hint)


@dataclass
class TableExtras:
    triggers: dict = field(default_factory=dict)  # name -> (TriggerSpec, Origin)
    rls: tuple | None = None  # (RlsSpec, Origin) whose enabled/force flags apply
    policies: dict = field(default_factory=dict)  # name -> (PolicySpec, Origin)
    grants: dict = field(default_factory=dict)  # role -> [privileges, Origin, grant option]


@dataclass
class ResolvedTable:
    table: Table
    constraints: list[Constraint] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    foreign_keys: list[PendingForeignKey] = field(default_factory=list)
    sequences: list[Sequence] = field(default_factory=list)  # those of its serial columns
    partitions: list[Table] = field(default_factory=list)  # of a partitioned table (compiler/catalog/partitions.py)


class TableResolver:
    def __init__(self, scopes: Scopes, collector: ErrorCollector, min_version: int) -> None:
        self.scopes = scopes
        self.collector = collector
        self.columns = ColumnResolver(scopes, collector)
        self.min_version = min_version
        self.sequences = KnownSequences(scopes)

    # -- merging mixins -------------------------------------------------
    def _merged(self, entry: Entry):
        """Columns, checks and list items of the table with its mixins, each
        with the origin it was written at."""
        spec = entry.spec
        origin = entry.origin
        columns: dict[str, tuple[ColumnSpec, Origin]] = {n: (c, origin.at("columns", n)) for n, c in spec.columns.items()}
        checks = {n: (c, origin.at("checks", n)) for n, c in spec.checks.items()}
        lists = {kind: [(item, origin.at(kind, i)) for i, item in enumerate(getattr(spec, kind))]
                 for kind in ("unique", "foreign_keys", "indexes", "exclude")}
        primary_key = (spec.primary_key, origin.at("primary_key")) if spec.primary_key else None
        for i, mixin_name in enumerate(spec.use):
            mixin, _ = self.scopes.find(entry.domain, "mixins", mixin_name)
            if mixin is None:
                if self.scopes.was_dropped(entry.domain, "mixins", mixin_name):
                    continue  # the mixin is wrong and already reported
                hint = suggest(mixin_name, self.scopes.names(entry.domain, "mixins")) or "define it under `mixins:`"
                self.collector.add(origin.at("use", i).error(f"unknown mixin `{mixin_name}`", hint))
                continue
            m = mixin.spec
            for name, column in m.columns.items():
                if name in columns:
                    own, own_origin = columns[name]
                    if not own.override:
                        self.collector.add(own_origin.error(
                            f"column `{name}` is also defined by mixin `{mixin_name}`",
                            "rename it, or mark it `override: true` to replace the mixin's definition", at_key=True))
                    continue
                columns[name] = (column, mixin.origin.at("columns", name))
            for name, check in m.checks.items():
                if name not in checks:
                    checks[name] = (check, mixin.origin.at("checks", name))
            for kind in lists:
                lists[kind] += [(item, mixin.origin.at(kind, j)) for j, item in enumerate(getattr(m, kind))]
            if m.primary_key:
                if primary_key:
                    self.collector.add(origin.error(f"mixin `{mixin_name}` and this table both declare a primary key",
                                                    "keep one primary key declaration", at_key=True))
                else:
                    primary_key = (m.primary_key, mixin.origin.at("primary_key"))
        return columns, checks, lists, primary_key

    def merged_security(self, entry: Entry) -> "TableExtras":
        """Triggers, row-level security and grants of the table with its
        mixins'. A mixin's policy or trigger is named by its key, for every
        table that uses the mixin; a name both define is an error."""
        spec, origin = entry.spec, entry.origin
        extras = TableExtras()
        sources = [(spec, origin, None)]
        for mixin_name in spec.use:
            mixin, _ = self.scopes.find(entry.domain, "mixins", mixin_name)
            if mixin is not None:
                sources.append((mixin.spec, mixin.origin, mixin_name))
        for body, body_origin, mixin_name in sources:
            for name, trigger in body.triggers.items():
                self._add_named(extras.triggers, name, (trigger, body_origin.at("triggers", name)), mixin_name,
                                "trigger", origin)
            if body.rls is not None:
                rls_origin = body_origin.at("rls")
                if extras.rls is None:
                    extras.rls = (body.rls, rls_origin)
                for name, policy in body.rls.policies.items():
                    self._add_named(extras.policies, name, (policy, rls_origin.at("policies", name)), mixin_name,
                                    "policy", origin)
            for role, grant in body.grants.items():
                merged = extras.grants.setdefault(role, [set(), body_origin.at("grants"), False])
                merged[0].update(grant.privileges)
                merged[2] = merged[2] or grant.grant_option
        return extras

    def _add_named(self, registry: dict, name: str, item, mixin_name, what: str, table_origin: Origin) -> None:
        if name in registry:
            self.collector.add(item[1].error(f"{what} `{name}` is also defined by the table"
                                             + (f" or another mixin than `{mixin_name}`" if mixin_name else ""),
                                             f"give the {what} another name", at_key=True))
            return
        registry[name] = item

    # -- one table ------------------------------------------------------
    def resolve(self, entry: Entry) -> ResolvedTable | None:
        columns_spec, checks, lists, primary_key = self._merged(entry)
        schema, table_name, domain = entry.schema, entry.name, entry.domain
        dropped = self.scopes.by_domain[domain].dropped
        owners = {table_name, *entry.spec.use}  # the table and its mixins
        lost = {d[2] for d in dropped if d[0] == "columns" and d[1] in owners}
        if not columns_spec:
            if not lost and not any(("keys", owner) in dropped for owner in owners):
                self.collector.add(entry.origin.error(f"table `{table_name}` has no columns", "add `columns:`", at_key=True))
            return None  # else its columns (or a mistyped `columns:`) are already reported
        result_constraints: list[Constraint] = []
        pk_columns = [n for n, (c, _) in columns_spec.items() if c.primary_key]
        if pk_columns and primary_key:
            flagged = ", ".join(f"`{n}`" for n in pk_columns)
            self.collector.add(primary_key[1].error(
                f"the primary key is declared both at table level and on column {flagged}",
                "keep one declaration: remove `primary_key:` here, or `primary_key: true` from the column", at_key=True))
        column_names = dict.fromkeys(columns_spec)
        # columns left out for shape errors (already reported) still count as present
        column_names.update((name, None) for name in sorted(lost) if name not in column_names)

        key_source = primary_key
        if primary_key and not pk_columns:
            pk_spec, pk_origin = primary_key
            if self._columns_exist(pk_spec.columns, column_names, pk_origin.at("columns")):
                pk_columns = list(pk_spec.columns)
        pk_set = set(pk_columns)

        columns: list[Column] = []
        sequences: list[Sequence] = []
        for name, (spec, origin) in columns_spec.items():
            if serial_type(spec.type) is not None:
                made = serial_column(entry, name, spec, origin, source_of(origin), self.collector)
                if made is not None:
                    column_names[name] = made[0].type
                    columns.append(made[0])
                    sequences.append(made[1])
                continue
            type_ref = self.columns.resolve_type(domain, spec.type, origin.at("type"))
            if spec.nullable and name in pk_set:
                self.collector.add(origin.at("nullable").error(f"column `{name}` is in the primary key and cannot be nullable",
                                                               "remove `nullable: true`"))
            enum_values = self._enum_values(type_ref)
            default = None
            if spec.default is not None:
                default = self.columns.resolve_default(spec.default, type_ref, origin.at("default"), enum_values,
                                                       column_names)
            default, sequence_keys = canonical_default(default, schema, self.sequences.made())
            if spec.generated is not None:
                self.columns.check_expression(spec.generated_expression, origin.at(*spec.generated_path), column_names,
                                              "the generated expression")
            if spec.using_expression is not None:
                self.columns.check_expression(spec.using_expression, origin.at(*spec.using_path), column_names,
                                              "the `using` cast")
            if type_ref is None:
                continue
            column_names[name] = type_ref
            columns.append(Column(
                name=name, type=type_ref,
                nullable=False if name in pk_set else (spec.nullable if spec.nullable is not None else True),
                default=default, identity=spec.identity, generated=spec.generated_expression,
                virtual=spec.generated_virtual, comment=spec.comment, sensitive=spec.sensitive,
                depends_on=sequence_keys, source=source_of(origin),
                renamed_from=spec.renamed_from, using=spec.using_expression,
                online=spec.using_online, using_source=source_of(origin.at("using")) if spec.using else None))
        table = Table(schema, table_name, tuple(columns), entry.spec.comment, source_of(entry.origin),
                      renamed_from=entry.spec.renamed_from)

        types = {c.name: c.type for c in columns}
        temporal = False
        if pk_columns:
            pk_spec = key_source[0] if key_source and key_source[0] else None
            pk_origin = key_source[1] if key_source else columns_spec[pk_columns[0]][1].at("primary_key")
            temporal = bool(pk_spec and pk_spec.without_overlaps)
            if temporal and not temporal_key_ok(pk_columns, types, pk_origin, self.min_version,
                                                self._installed_extensions(), self.collector):
                temporal = False
            result_constraints.append(Constraint(
                schema, table_name, (pk_spec.name if pk_spec and pk_spec.name else names.primary_key_name(table_name)),
                "primary_key", tuple(pk_columns), source=source_of(pk_origin),
                renamed_from=pk_spec.renamed_from if pk_spec else None, without_overlaps=temporal))

        keys_seen: dict[tuple, str] = {}  # (columns, nulls_not_distinct, without_overlaps) of each key -> what declares it
        if pk_columns:
            keys_seen[(tuple(pk_columns), False, temporal)] = "the primary key"

        def redundant(constraint: Constraint, where: Origin) -> bool:
            """CREATE TABLE keeps one of two keys on the same columns (the
            primary key, else the first): a second one is a spec error."""
            first = keys_seen.setdefault((constraint.columns, constraint.nulls_not_distinct, constraint.without_overlaps),
                                         f"unique constraint `{constraint.name}`")
            if first == f"unique constraint `{constraint.name}`":
                return False
            columns = ", ".join(f"`{c}`" for c in constraint.columns)
            self.collector.add(where.error(
                f"this unique constraint on {columns} repeats {first}: PostgreSQL would create only one of them",
                "remove it; a primary key is unique already" if first == "the primary key" else
                "remove one of the two"))
            return True

        for name, (spec, origin) in columns_spec.items():
            if spec.unique:
                constraint = Constraint(schema, table_name, names.unique_name(table_name, [name]), "unique",
                                        (name,), source=source_of(origin.at("unique")))
                if not redundant(constraint, origin.at("unique")):
                    result_constraints.append(constraint)
            if (spec.check is not None and self.columns.check_expression(spec.check, origin.at("check"), column_names, "the check")
                    and self.columns.check_types(spec.check, origin.at("check"), column_names, "the check",
                                                 qualifiers=frozenset({table_name}))):
                result_constraints.append(Constraint(schema, table_name, names.check_name(table_name, name), "check",
                                                     expression=spec.check, source=source_of(origin.at("check"))))
        for unique, origin in lists["unique"]:
            constraint = self._unique(unique, origin, schema, table_name, column_names, types)
            if constraint and not redundant(constraint, origin):
                result_constraints.append(constraint)
        for name, (check, origin) in checks.items():
            written = origin.at("expression") if origin.document.is_mapping(origin.path) else origin
            if (self.columns.check_expression(check.expression, written, column_names, f"check `{name}`")
                    and self.columns.check_types(check.expression, written, column_names, f"check `{name}`",
                                                 qualifiers=frozenset({table_name}))):
                result_constraints.append(Constraint(schema, table_name, name, "check", expression=check.expression,
                                                     source=source_of(origin), renamed_from=check.renamed_from))

        pending: list[PendingForeignKey] = []
        for name, (spec, origin) in columns_spec.items():
            if spec.references:
                target, _, target_column = spec.references.rpartition(".")
                if not target:
                    self.collector.add(origin.at("references").error(
                        f"`references: {spec.references}` must name a table and a column",
                        "write `references: table.column` or `schema.table.column`"))
                    continue
                pending.append(PendingForeignKey(names.foreign_key_name(table_name, [name]), schema, table_name, (name,),
                                                 target, (target_column,), spec, domain, origin.at("references")))
        for fk, origin in lists["foreign_keys"]:
            if self._columns_exist(fk.columns, column_names, origin.at("columns")) and (
                    not fk.period or temporal_key_ok(fk.columns, types, origin, self.min_version,
                                                     self._installed_extensions(), self.collector, "PERIOD")):
                pending.append(PendingForeignKey(fk.name or names.foreign_key_name(table_name, fk.columns), schema, table_name,
                                                 tuple(fk.columns), fk.references.table, tuple(fk.references.columns),
                                                 fk, domain, origin))

        for spec, origin in lists["exclude"]:
            constraint = exclusion(spec, origin, schema, table_name, column_names, types, self._installed_extensions(),
                                   self.collector, self.columns, source_of(origin))
            if constraint is not None:
                result_constraints.append(constraint)
        indexes = [i for i in (self._index(spec, origin, schema, table_name, column_names, types)
                               for spec, origin in lists["indexes"]) if i]
        self._check_enum_labels(domain, columns, columns_spec, checks, lists["indexes"], lists["exclude"])
        self._offline_checks(schema, columns, columns_spec, checks, lists["indexes"], lists["exclude"])
        for problem in virtual_problems(columns, columns_spec, result_constraints, lists, pending, self.min_version):
            self.collector.add(problem)
        resolved = ResolvedTable(table, result_constraints, indexes, pending, sequences)
        if entry.spec.partition_by is not None or entry.spec.unlogged:
            resolve_partitioning(self, entry, resolved, column_names, types, lists["indexes"])
        return resolved


    def _offline_checks(self, schema: str, columns: list[Column], columns_spec, checks, indexes, excludes) -> None:
        """What PostgreSQL would refuse in the table's expressions, known
        without a database (compiler/catalog/offline_checks.py)."""
        by_name = {c.name: c for c in columns}
        texts = []  # (origin of the text, text, what it is, must be immutable)
        for name, (spec, origin) in columns_spec.items():
            column = by_name.get(name)
            if column is None:
                continue
            t = column.type
            if spec.identity and t.kind == "builtin" and (t.name not in INTEGER_TYPES or t.array_dims):
                self.collector.add(origin.at("identity").error(
                    f"an identity column must be smallint, integer or bigint, not {t.name}{'[]' * t.array_dims}",
                    "make the column an integer type, or give it a `default:` instead of `identity:`"))
            if column.default is not None and column.default.expression is not None:
                problem = default_problem(column.default.expression, t)
                if problem is not None:
                    self.collector.add(origin.document.error_in_value(origin.path + ("default",), problem.offset,
                                                                      problem.message, problem.hint))
                texts.append((origin.at("default"), column.default.expression, "the default", False))
            if spec.generated is not None:
                texts.append((origin.at(*spec.generated_path), spec.generated_expression, "the generated expression",
                              True))
            if spec.check is not None:
                texts.append((origin.at("check"), spec.check, "the check", False))
        for name, (check, origin) in checks.items():
            written = origin.at("expression") if origin.document.is_mapping(origin.path) else origin
            texts.append((written, check.expression, f"check `{name}`", False))
        texts += [(at, text, what, True) for at, text, what in index_texts(indexes, excludes)]
        for origin, text, what, immutable in texts:
            for problem in expression_problems(text, what, immutable, self.sequences.known(), schema):
                self.collector.add(origin.document.error_in_value(origin.path, problem.offset, problem.message,
                                                                  problem.hint))

    def _check_enum_labels(self, domain: str, columns: list[Column], columns_spec, checks, indexes, excludes) -> None:
        """String constants read as values of an enum (compared with an enum
        column, or cast to an enum) in defaults, generated columns, checks and
        index expressions and predicates must be labels of the enum."""
        by_name = {c.name: c for c in columns}
        texts = []
        for name, (spec, origin) in columns_spec.items():
            column = by_name.get(name)
            if column is not None and column.default is not None and column.default.expression is not None:
                # a default written as a quoted constant is read as a value of its column
                enum = self.enum_of(column.type) if not column.type.array_dims else None
                texts.append((column.default.expression, origin.at("default"), "the default",
                              (name, column.type.name, enum) if enum is not None else None))
            texts += [(text, origin.at(*path), what, None) for path, text, what in (
                (spec.generated_path, spec.generated_expression, "the generated expression"),
                (("check",), spec.check, "the check")) if text]
        for name, (check, origin) in checks.items():
            written = origin.at("expression") if origin.document.is_mapping(origin.path) else origin
            texts.append((check.expression, written, f"check `{name}`", None))
        texts += [(text, at, what, None) for at, text, what in index_texts(indexes, excludes)]
        # an enum value is a string constant: a text without a quote holds none (most defaults and checks)
        texts = [t for t in texts if "'" in t[0] or "$" in t[0]]
        if not texts:
            return
        enum_column = enum_columns([columns], self.enum_of)
        for text, origin, what, own in texts:
            check_labels(self.collector, origin, text, what, enum_column, self.enum_type_labels(domain), own=own)

    def enum_type_labels(self, domain: str):
        """(schema or None, type name) -> (enum name, labels) of an enum `domain` sees, else None."""
        def lookup(schema: str | None, name: str):
            entry, _ = self.scopes.find(domain, "enums", f"{schema}.{name}" if schema else name)
            return (entry.name, entry.spec) if entry is not None else None
        return lookup

    def _installed_extensions(self) -> set[str]:
        return {x.name for scope in self.scopes.by_domain.values() for part in scope.domain.parts
                for x in part.spec.extensions}

    def view_index(self, spec: IndexSpec, origin: Origin, schema: str, view: str) -> Index | None:
        """An index of a materialized view: its columns are checked by
        PostgreSQL, since schemac does not know a view's columns."""
        if not method_ok(spec, origin, self._installed_extensions(), self.collector):
            return None
        if spec.unique and spec.using != "btree":
            self.collector.add(origin.at("using").error(f"a unique index must use btree, not {spec.using}",
                                                        "remove `using:` or `unique: true`"))
            return None
        texts = expression_origins(spec, origin) + ([(origin.at("where"), spec.where)] if spec.where is not None else [])
        for at, text in texts:
            problem = expression_error(text)
            if problem:
                self.collector.add(origin.document.error_in_value(at.path, problem[1],
                                                                  f"the index expression is not valid SQL: {problem[0]}",
                                                                  "write it as PostgreSQL would accept it"))
                return None
        if not (index_options_ok(spec, origin, self.collector)
                and elements_ok(spec.using, index_items(spec, origin, {}), self._installed_extensions(), self.collector)):
            return None
        return self._index_object(spec, origin, schema, view, "view")

    def _index_object(self, spec: IndexSpec, origin: Origin, schema: str, table: str, relation: str,
                      items: list | None = None) -> Index:
        """`items`: what `index_items` gives (the elements' types), None for a materialized view's."""
        parts = spec.column_names + [leading_function(e) or "expr" for e in spec.expression_texts]
        elements = tuple(build(item, spec.using, t) for item, _, _, t in items or index_items(spec, origin, {}))
        return Index(schema, table, spec.name or names.index_name(table, parts), elements, spec.unique, spec.using,
                     spec.where, tuple(spec.include), spec.nulls_not_distinct,
                     spec.concurrently and relation == "table", spec.comment, relation=relation,
                     parameters=storage_parameters(spec), source=source_of(origin), renamed_from=spec.renamed_from)

    def _enum_values(self, type_ref) -> list[str]:
        spec = self.enum_of(type_ref)
        return spec.labels if spec is not None else []

    def enum_of(self, type_ref):
        """The EnumSpec of an enum type, else None."""
        if type_ref is None or type_ref.kind != "enum":
            return None
        for scope in self.scopes.by_domain.values():
            entry = scope.enums.get((type_ref.schema, type_ref.name))
            if entry is not None:
                return entry.spec
        return None

    def _columns_exist(self, wanted, column_names, origin: Origin) -> bool:
        ok = True
        for i, name in enumerate(wanted):
            if name not in column_names:
                ok = False
                hint = suggest(name, column_names) or f"columns of this table: {', '.join(column_names)}"
                self.collector.add(origin.at(i).error(f"column `{name}` does not exist in this table", hint))
        if len(set(wanted)) != len(wanted):
            ok = False
            self.collector.add(origin.error("a column is listed twice", "list each column once"))
        return ok

    def _unique(self, spec: UniqueSpec, origin: Origin, schema, table, column_names, types) -> Constraint | None:
        if not self._columns_exist(spec.columns, column_names, origin.at("columns")):
            return None
        if spec.without_overlaps and not temporal_key_ok(spec.columns, types, origin, self.min_version,
                                                         self._installed_extensions(), self.collector):
            return None
        if spec.nulls_not_distinct and self.min_version < 15:
            self.collector.add(origin.at("nulls_not_distinct").error(
                f"NULLS NOT DISTINCT needs PostgreSQL 15; this project targets {self.min_version}",
                "raise `postgres: {min_version: 15}` in schemac.yaml, or drop nulls_not_distinct"))
        return Constraint(schema, table, spec.name or names.unique_name(table, spec.columns), "unique",
                          tuple(spec.columns), nulls_not_distinct=spec.nulls_not_distinct, comment=spec.comment,
                          source=source_of(origin), renamed_from=spec.renamed_from, without_overlaps=spec.without_overlaps)

    def _index(self, spec: IndexSpec, origin: Origin, schema, table, column_names, types: dict) -> Index | None:
        ok = self._columns_exist(spec.column_names, column_names, origin.at("columns"))
        if spec.include:
            ok &= self._columns_exist(spec.include, column_names, origin.at("include"))
        for at, expression in expression_origins(spec, origin):
            ok &= self.columns.check_expression(expression, at, column_names, "the index expression")
        if spec.where is not None:
            ok &= (self.columns.check_expression(spec.where, origin.at("where"), column_names, "the index predicate")
                   and self.columns.check_types(spec.where, origin.at("where"), column_names, "the index predicate",
                                                qualifiers=frozenset({table})))
        if not method_ok(spec, origin, self._installed_extensions(), self.collector):
            ok = False
        elif spec.unique and spec.using != "btree":
            self.collector.add(origin.at("using").error(f"a unique index must use btree, not {spec.using}",
                                                        "remove `using:` or `unique: true`"))
            ok = False
        elif ok:
            ok = index_options_ok(spec, origin, self.collector)
            typer = expression_typer(column_names, table, self.columns.own_functions)
            items = index_items(spec, origin, types, typer)
            ok = elements_ok(spec.using, items, self._installed_extensions(), self.collector) and ok
        if spec.nulls_not_distinct and self.min_version < 15:
            self.collector.add(origin.at("nulls_not_distinct").error(
                f"NULLS NOT DISTINCT needs PostgreSQL 15; this project targets {self.min_version}",
                "raise `postgres: {min_version: 15}` in schemac.yaml"))
        if not ok:
            return None
        return self._index_object(spec, origin, schema, table, "table", items)
