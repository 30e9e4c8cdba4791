"""The catalog: frozen objects every feature is a function of."""

from compiler.catalog.objects import (  # noqa: F401
    Catalog,
    Column,
    ColumnDefault,
    Constraint,
    Enum,
    Extension,
    ExternalTable,
    Index,
    IndexElement,
    Schema,
    Source,
    Table,
    TypeRef,
)
