"""Find spec files, read them, and validate them into spec models.

A project is a folder with an optional `schemac.yaml`. Each `specs/<name>.yaml`
is one domain; each `specs/<name>/` folder is one domain whose files are merged.
Every problem found is collected; the caller gets all of them at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from compiler.errors import ErrorCollector, SpecError, UsageError
from compiler.spec.errors import FLOW_SPLIT, spec_errors
from compiler.spec.models import DomainSpec, ProjectSpec
from compiler.spec.source import SourceDocument, read_document

SPEC_SUFFIXES = (".yaml", ".yml")
PROJECT_FILE = "schemac.yaml"


@dataclass(frozen=True)
class SpecPart:
    """One validated spec file. `dropped` names the entries left out because
    their shape was wrong, as (section, name), ("columns", table or mixin,
    column), or ("keys", table or mixin) for a table that lost an unknown key:
    their own errors are reported,
    and references to them raise no further errors."""

    document: SourceDocument
    spec: DomainSpec
    dropped: frozenset[tuple[str, ...]] = frozenset()


@dataclass(frozen=True)
class LoadedDomain:
    name: str
    parts: tuple[SpecPart, ...]


@dataclass(frozen=True)
class Project:
    root: Path
    settings: ProjectSpec

    @property
    def specs_dir(self) -> Path:
        return self.root / self.settings.specs

    @property
    def generated_dir(self) -> Path:
        return self.root / self.settings.generated


def display_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def load_project(root: Path) -> Project:
    root = root.resolve()
    if not root.is_dir():
        raise UsageError(f"project folder {root} does not exist")
    path = root / PROJECT_FILE
    if not path.exists():
        return Project(root, ProjectSpec())
    document = read_document(path, display_path(path))
    errors = list(document.errors)
    settings = ProjectSpec()
    if not errors and document.data is not None:
        try:
            settings = ProjectSpec.model_validate(document.data)
        except ValidationError as exc:
            errors.extend(spec_errors(exc, document, ProjectSpec))
    if errors:
        from compiler.errors import SpecErrors
        raise SpecErrors(errors)
    return Project(root, settings)


def spec_sources(specs_dir: Path, collector: ErrorCollector | None = None) -> list[tuple[str, list[Path]]]:
    """(default domain name, files) for every domain below `specs_dir`, sorted.
    A folder that cannot be read is an error (into `collector`), never skipped."""
    if not specs_dir.is_dir():
        raise UsageError(f"spec folder {display_path(specs_dir)} does not exist; create it or set `specs:` in {PROJECT_FILE}")
    collector = collector if collector is not None else ErrorCollector()
    found = []
    try:
        entries = sorted(specs_dir.iterdir())
    except OSError as exc:
        collector.add(unreadable(specs_dir, exc))
        return []
    for entry in entries:
        try:
            entry.is_file()
        except OSError as exc:
            collector.add(unreadable(entry, exc))
            continue
        if entry.is_file() and entry.suffix in SPEC_SUFFIXES:
            found.append((entry.stem, [entry]))
        elif entry.is_dir() and not entry.name.startswith("."):
            files = spec_files(entry, collector)
            if files:
                found.append((entry.name, files))
    return found


def spec_files(folder: Path, collector: ErrorCollector) -> list[Path]:
    """The spec files below `folder`, sorted; each folder that cannot be read
    is reported (Path.rglob would skip it silently)."""
    files = []

    def failed(exc: OSError) -> None:
        collector.add(unreadable(Path(exc.filename) if exc.filename else folder, exc))

    def is_file(path: Path) -> bool:
        try:
            return path.is_file()
        except OSError as exc:  # a folder that can be listed but not entered
            failed(exc)
            return False

    for directory, _, names in os.walk(folder, onerror=failed):
        files.extend(Path(directory) / name for name in names
                     if Path(name).suffix in SPEC_SUFFIXES and is_file(Path(directory) / name))
    return sorted(files)


def unreadable(path: Path, exc: OSError) -> SpecError:
    """A spec file or folder the operating system does not let schemac read."""
    try:
        what = "folder" if path.is_dir() else "file"
    except OSError:
        what = "file"
    reason = exc.strerror or str(exc)
    return SpecError(display_path(path), 1, 1, "", f"cannot read this spec {what}: {reason}",
                     f"make it readable by the user running schemac (e.g. `chmod -R u+rX {display_path(path)}`), "
                     "or move it out of the spec folder")


def sources_for_paths(paths: list[Path], collector: ErrorCollector | None = None) -> list[tuple[str, list[Path]]]:
    collector = collector if collector is not None else ErrorCollector()
    found = []
    for path in paths:
        if path.is_dir():
            before = len(collector.errors)
            files = spec_files(path, collector)
            if not files and len(collector.errors) == before:
                raise UsageError(f"{display_path(path)} holds no .yaml spec files")
            found.append((path.name, files))
        elif path.is_file():
            found.append((path.stem, [path]))
        else:
            raise UsageError(f"spec path {display_path(path)} does not exist")
    return found


def load_domains(sources: list[tuple[str, list[Path]]], collector: ErrorCollector) -> list[LoadedDomain]:
    domains: list[LoadedDomain] = []
    seen: dict[str, SpecPart] = {}
    for default_name, files in sources:
        parts = [part for part in (_load_part(f, collector) for f in files) if part is not None]
        if not parts:
            continue
        name = _domain_name(default_name, parts, collector)
        if name in seen:
            first = seen[name]
            collector.add(parts[0].document.error(("domain",), f"domain `{name}` is defined twice",
                                                  f"it is also defined by {first.document.file}; give each domain its own name", at_key=True))
            continue
        seen[name] = parts[0]
        domains.append(LoadedDomain(name, tuple(parts)))
    return domains


def _load_part(path: Path, collector: ErrorCollector) -> SpecPart | None:
    document = read_document(path, display_path(path))
    if document.errors:
        collector.extend(document.errors)
        return None
    data = document.data
    if data is None:
        collector.add(SpecError(document.file, 1, 1, "", "the spec file is empty",
                                "start with `tables:` or `enums:`; see docs/spec-language.md"))
        return None
    if not isinstance(data, dict):
        collector.add(document.error((), "a spec file must be a mapping (`tables:`, `enums:`, ...)",
                                     "see docs/spec-language.md for the shape of a domain"))
        return None
    return _validate(document, data, collector)


_NAMED_SECTIONS = ("tables", "enums", "mixins", "functions", "views", "tests", "roles", "domains", "types",
                   "aggregates")
_SCHEMA_KEYED = ("tables", "enums", "functions", "views")  # sections whose keys may name their schema


def _validate(document: SourceDocument, data: dict, collector: ErrorCollector) -> SpecPart | None:
    """Validate a spec file. Each mistake is reported once; then the key at
    fault (an unknown key), the column, or the entry is left out and the rest
    is validated again, so the resolver still checks everything else of the
    file in the same run."""
    dropped: set[tuple[str, ...]] = set()
    for _ in range(8):
        try:
            return SpecPart(document, DomainSpec.model_validate(data), frozenset(dropped))
        except ValidationError as exc:
            collector.extend(spec_errors(exc, document, DomainSpec))
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                if error["type"] == "extra_forbidden" and not FLOW_SPLIT.match(str(loc[-1])):
                    data = _without(data, loc)
                    if len(loc) == 3 and loc[0] in ("tables", "mixins"):
                        dropped.add(("keys", _bare(loc[1])))  # the table lost a key: no "has no columns" after it
                elif len(loc) >= 4 and loc[0] in ("tables", "mixins") and loc[2] == "columns":
                    # a column's shape or one of its rules is wrong: leave out that column only
                    data = _without(data, loc[:4])
                    dropped.add(("columns", _bare(loc[1]), str(loc[3])))
                elif len(loc) >= 2 and loc[0] in _NAMED_SECTIONS:
                    data = _without(data, loc[:2])
                    dropped.add((loc[0], _bare(loc[1]) if loc[0] in _SCHEMA_KEYED else str(loc[1])))
                elif len(loc) >= 3 and loc[:2] == ("external", "tables"):
                    data = _without(data, loc[:3])
                    dropped.add(("tables", _bare(loc[2])))
                else:
                    return None  # a domain-level key is wrong: nothing below it can be trusted
    return None


def _bare(key) -> str:
    """The name of a key that may name its schema (`app_private.sessions`)."""
    return str(key).rpartition(".")[2]


def _without(data, loc: tuple):
    """A copy of `data` without the mapping key at `loc` (copied along the path only)."""
    if not loc or not isinstance(data, dict) or loc[0] not in data:
        return data
    if len(loc) == 1:
        return {k: v for k, v in data.items() if k != loc[0]}
    child = data[loc[0]]
    if isinstance(child, list) and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(child):
        items = list(child)
        items[loc[1]] = _without(items[loc[1]], loc[2:])
        return {**data, loc[0]: items}
    return {**data, loc[0]: _without(child, loc[1:])}


def _domain_name(default: str, parts: list[SpecPart], collector: ErrorCollector) -> str:
    named = [(p, p.spec.domain) for p in parts if p.spec.domain]
    if not named:
        return default
    name = named[0][1]
    for part, other in named[1:]:
        if other != name:
            collector.add(part.document.error(("domain",), f"this file says domain `{other}`, another file of the folder says `{name}`",
                                              "files in one domain folder share one domain name"))
    return name
