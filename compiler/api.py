"""The small façade the CLI and tests use: load, plan, render, generate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.catalog.objects import Catalog, Source
from compiler.catalog.resolve import resolve
from compiler.catalog.state import catalog_hash
from compiler.catalog.tests import SpecTest, collect_tests
from compiler.diff import diff
from compiler.diff.column_order import physical_order
from compiler.errors import ErrorCollector
from compiler.gc_pause import with_collector_paused
from compiler.ops.base import Hazard, Op
from compiler.plan import Plan, order
from compiler.render.migration import render_down, render_up
from compiler.render.verify import render_verify
from compiler.spec.load import Project, load_domains, load_project, sources_for_paths, spec_sources
from compiler.spec.project import SUPPORTED_VERSIONS

EMPTY = Catalog()


@dataclass(frozen=True)
class Compiled:
    project: Project
    catalog: Catalog
    tests: tuple[SpecTest, ...] = ()  # the behavioural tests (`tests:`) of the loaded domains


@dataclass(frozen=True)
class MigrationFiles:
    plan: Plan
    up: str
    down: str
    verify: str


@with_collector_paused
def load(root: Path, paths: list[Path] | None = None) -> Compiled:
    """Read and validate specs (the project's, or just `paths`) into a catalog.
    Raises SpecErrors with every mistake found."""
    project = load_project(root)
    collector = ErrorCollector()
    sources = sources_for_paths(paths, collector) if paths else spec_sources(project.specs_dir, collector)
    domains = load_domains(sources, collector)
    catalog = resolve(domains, project.settings, collector)
    tests = collect_tests(domains, collector)
    collector.raise_if_any()
    return Compiled(project, catalog, tests)


@with_collector_paused
def plan(previous: Catalog, target: Catalog, mode: str = "transactional",
         type_changes: str = "expand_contract", min_version: int = SUPPORTED_VERSIONS[0]) -> Plan:
    """The steps from `previous` to `target`; in `mode` online, in the forms
    that let writes go on (compiler/online/), with the type changes that
    rewrite a table made by expand/contract where they can be unless
    `type_changes` is `rewrite`, and in forms PostgreSQL `min_version` has
    (recorded in the plan when a step's form depends on it)."""
    steps = order(diff(previous, target, online=mode == "online", type_changes=type_changes,
                       min_version=min_version))
    after = state_after(previous, target, steps)
    chosen = any(getattr(op, "version_chosen", False) for op in steps)
    return Plan(steps, catalog_hash(previous), catalog_hash(after), after, mode,
                type_changes if mode == "online" else "expand_contract", min_version if chosen else None)


def state_after(previous: Catalog, target: Catalog, steps) -> Catalog:
    """The catalog a database has once the plan's `steps` took it from
    `previous` to `target`: the target, with the columns of tables that
    existed in the order PostgreSQL keeps them (reordering columns in a spec
    moves nothing). This is what state.json records and the target hash
    fingerprints."""
    return physical_order(previous, target, steps)


@with_collector_paused
def migration(title: str, compiled: Compiled, previous: Catalog = EMPTY, the_plan: Plan | None = None) -> MigrationFiles:
    settings = compiled.project.settings.migrations
    the_plan = the_plan or plan(previous, compiled.catalog, settings.mode, settings.type_changes,
                                compiled.project.settings.postgres.min_version)
    # verify.sql checks the database the migration leaves, whose columns are in the order PostgreSQL
    # keeps them (a column added goes last), as state.json records them: rendered from the specs' order,
    # it would differ from what `schemac check` regenerates from the snapshot
    after = the_plan.state_after or state_after(previous, compiled.catalog, the_plan.steps)
    return MigrationFiles(
        the_plan,
        render_up(title, the_plan, settings, previous, compiled.catalog),
        render_down(title, the_plan, settings, previous, compiled.catalog),
        render_verify(title, after),
    )


# --- the review of a plan: steps in the order up.sql runs them, destructive steps -------------

def numbered_steps(plan: Plan) -> tuple[tuple[int, Op], ...]:
    """The plan's steps numbered as up.sql numbers them: the steps that run in
    the migration's transaction first, then those that cannot (e.g. CREATE
    INDEX CONCURRENTLY on an existing table)."""
    inside = [op for op in plan.steps if not op.after_commit]
    outside = [op for op in plan.steps if op.after_commit]
    return tuple(enumerate(inside + outside, start=1))


@dataclass(frozen=True)
class DestructiveStep:
    """A step with the `destructive` hazard, and what caused it.

    `source` is the spec location of the change when the object still appears
    in the specs (a column whose type narrows, say). A dropped object has no
    spec line any more: then `dropped` is true, `source` is None, the step's
    key is the previous catalog's key of the object, and `context` is where
    the object that held it is written, if that still exists (the table of a
    dropped column or constraint), with `context_key` its key."""

    number: int
    op: Op
    dropped: bool  # the object no longer appears in the specs
    source: Source | None
    context_key: str | None
    context: Source | None
    acknowledgement: Source | None  # the `accept_destructive` entry that marks the step intended

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None

    @property
    def title(self) -> str:
        return f"step {self.number} {self.op.kind} {self.op.key}"

    @property
    def message(self) -> str:
        if not self.dropped:
            return f"{self.title} is destructive" + (f" (at {_where(self.source)})" if self.source else "")
        text = f"{self.title} is destructive: `{self.op.key}` no longer appears in the specs"
        if self.context is not None:
            text += f" (it belonged to `{self.context_key}`, at {_where(self.context)})"
        return text

    def as_dict(self) -> dict:
        return {"step": self.number, "kind": self.op.kind, "key": self.op.key, "message": self.message,
                "spec": _source_dict(self.source),
                "context": {"key": self.context_key, **_source_dict(self.context)} if self.context else None,
                "acknowledged": self.acknowledged, "acknowledgement": _source_dict(self.acknowledgement)}


def _where(source: Source) -> str:
    return f"{source.file}:{source.line}:{source.column}"


def _source_dict(source: Source | None) -> dict | None:
    if source is None:
        return None
    return {"file": source.file, "line": source.line, "column": source.column, "path": source.path}


def acknowledged_by_spec(op: Op, previous: Catalog, target: Catalog) -> Source | None:
    """Where the specs mark this destructive change as intended, or None.

    A domain's `accept_destructive:` lists keys as `schemac plan` prints
    them: the step's own key (`enum:s.Status:values`, `column:s.t.c:type`)
    or the key of the object it changes (`column:s.t.c`, `table:s.t`).
    `plan`, `generate` and `check` all ask here, through `destructive_steps`."""
    if not target.accepted_destructive:
        return None
    keys = {op.key}
    if op.key.count(":") >= 2:
        keys.add(op.key.rsplit(":", 1)[0])
    return next((source for key, source in target.accepted_destructive if key in keys), None)


@with_collector_paused
def destructive_steps(plan: Plan, previous: Catalog, target: Catalog) -> tuple[DestructiveStep, ...]:
    """Every destructive step of the plan, in step order, with the spec line
    that caused it (or, for a dropped object, the previous catalog's key). A
    step that merges several changes (`Op.parts`: the type changes of a
    table) gives one entry per destructive part, each accepted on its own."""
    result = []
    after = before = None
    for number, op in ((n, part) for n, step in numbered_steps(plan) for part in step.parts):
        if Hazard.DESTRUCTIVE not in op.hazards:
            continue
        if after is None:
            after, before = target.by_key(), previous.by_key()
        now, owner_key = _in_target(op, before, after)
        owner = after.get(owner_key) if owner_key else None
        context = getattr(owner, "source", None) if now is None else None
        result.append(DestructiveStep(number, op, now is None, getattr(now, "source", None),
                                      owner_key if context is not None else None, context,
                                      acknowledged_by_spec(op, previous, target)))
    return tuple(result)


def _in_target(op: Op, before: dict, after: dict) -> tuple[object | None, str | None]:
    """The object of the target catalog that `op` changes (None when the
    change removes it from the specs), and the key of the object that holds
    it (a table) when there is one.

    Catalog objects (tables, constraints, indexes, ...) are found by the op's
    key. Columns live inside their table: an op on a column names its table
    (`schema`, `table`) and its column (`after`, or `column`), and the
    column's own spec line is found in the target table."""
    schema, table = getattr(op, "schema", None), getattr(op, "table", None)
    column = getattr(op, "after", None) or getattr(op, "column", None)
    if isinstance(schema, str) and isinstance(table, str) and hasattr(column, "name"):
        table_key = f"table:{schema}.{table}"
        owner = after.get(table_key)
        return (owner.column(column.name) if hasattr(owner, "column") else None), table_key
    now = after.get(op.key)
    return now, getattr(now if now is not None else before.get(op.key), "table_key", None)
