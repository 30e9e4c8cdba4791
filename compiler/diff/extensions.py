"""The comparator for an extension present in both catalogs: its schema
(an extension has nothing else a spec sets once it is installed)."""

from __future__ import annotations

from compiler.catalog.objects import Extension
from compiler.diff.context import NONE, Catalogs
from compiler.ops import Op
from compiler.ops.ddl import AlterExtensionSchema


def extension_changes(before: Extension, after: Extension, catalogs: Catalogs = NONE) -> list[Op]:
    return [AlterExtensionSchema(before, after)] if before.schema != after.schema else []


COMPARATORS: dict = {Extension: extension_changes}
