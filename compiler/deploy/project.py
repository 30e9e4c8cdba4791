"""Where the deploy commands find generated/, without importing the spec
models when there is nothing to validate."""

from __future__ import annotations

from pathlib import Path

# compiler.spec.load's PROJECT_FILE and ProjectSpec's default `generated` (a test holds them equal)
PROJECT_FILE = "schemac.yaml"
DEFAULT_GENERATED = "generated"


def generated_dir(project: Path) -> Path:
    """The project's generated/: its default place when the project has no
    schemac.yaml; else where schemac.yaml says, once the whole file validates
    (its errors are reported as by every other command)."""
    root = project.resolve()
    if root.is_dir() and not (root / PROJECT_FILE).exists():
        return root / DEFAULT_GENERATED
    from compiler.spec.load import load_project  # the spec models: pydantic, ~0.1 s to import
    return load_project(project).generated_dir
