"""The small façade the CLI and tests use: load, plan, render, generate."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.catalog.objects import Catalog
from compiler.catalog.resolve import resolve
from compiler.catalog.state import catalog_hash
from compiler.catalog.tests import SpecTest, collect_tests
from compiler.diff import diff
from compiler.errors import ErrorCollector
from compiler.gc_pause import without_collector_pauses
from compiler.plan import Plan, order
from compiler.render.migration import render_down, render_up
from compiler.render.verify import render_verify
from compiler.spec.load import Project, load_domains, load_project, sources_for_paths, spec_sources

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


@without_collector_pauses
def load(root: Path, paths: list[Path] | None = None) -> Compiled:
    """Read and validate specs (the project's, or just `paths`) into a catalog.
    Raises SpecErrors with every mistake found."""
    project = load_project(root)
    sources = sources_for_paths(paths) if paths else spec_sources(project.specs_dir)
    collector = ErrorCollector()
    domains = load_domains(sources, collector)
    catalog = resolve(domains, project.settings, collector)
    tests = collect_tests(domains, collector)
    collector.raise_if_any()
    return Compiled(project, catalog, tests)


@without_collector_pauses
def plan(previous: Catalog, target: Catalog) -> Plan:
    return Plan(order(diff(previous, target)), catalog_hash(previous), catalog_hash(target))


@without_collector_pauses
def migration(title: str, compiled: Compiled, previous: Catalog = EMPTY, the_plan: Plan | None = None) -> MigrationFiles:
    the_plan = the_plan or plan(previous, compiled.catalog)
    settings = compiled.project.settings.migrations
    return MigrationFiles(
        the_plan,
        render_up(title, the_plan, settings, previous, compiled.catalog),
        render_down(title, the_plan, settings, previous, compiled.catalog),
        render_verify(title, compiled.catalog),
    )
