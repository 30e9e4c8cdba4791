"""`schemac import`: a catalog (a live database's, or any other) written as
spec files a person would write, the inverse of resolving:
resolve(write(catalog)) == catalog, object by object.

Each kind module (`tables`, `routines`, `security`, `user_types`) has
`WRITERS: {catalog class: writer}`; a writer turns one object into
`Placement`s (compiler/importer/placement.py) using the `WriteContext`
(compiler/importer/context.py), or raises `Unexpressible`. A kind module may
also have `CATALOG_WRITERS`: functions of the context alone, for what is
not one object (the `external:` types, the domains' headers)."""

from __future__ import annotations

import importlib
from typing import Callable

from compiler.importer.context import Unexpressible, Unsupported, WriteContext  # noqa: F401
from compiler.importer.placement import Placement, merge  # noqa: F401

WriterFn = Callable[[object, WriteContext], list[Placement]]

KIND_MODULES = ("tables", "routines", "security", "user_types")


def _gather() -> tuple[dict[type, WriterFn], tuple]:
    """The writers of the kind modules that exist (they are added one by one)."""
    writers: dict[type, WriterFn] = {}
    catalog_writers: list = []
    for name in KIND_MODULES:
        try:
            module = importlib.import_module(f"compiler.importer.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"compiler.importer.{name}":
                raise
            continue
        writers.update(getattr(module, "WRITERS", {}))
        catalog_writers.extend(getattr(module, "CATALOG_WRITERS", ()))
    return writers, tuple(catalog_writers)


WRITERS, CATALOG_WRITERS = _gather()
