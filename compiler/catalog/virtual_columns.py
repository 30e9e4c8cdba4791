"""Generated columns, STORED and VIRTUAL (PostgreSQL 18): what PostgreSQL
refuses on them, as spec errors. No generated expression may read another
generated column. A virtual column is computed when it is read, so it needs
PostgreSQL 18, a built-in type, an expression of built-in functions only,
and no index, primary key, unique constraint or foreign key on it (checks
and NOT NULL are allowed)."""

from __future__ import annotations

from compiler.catalog.expressions import expression_references, referenced_columns
from compiler.catalog.pg_builtins import FUNCTIONS as BUILTIN_FUNCTIONS
from compiler.errors import SpecError

VIRTUAL_VERSION = 18


def _source_error(source, message: str, hint: str) -> SpecError:
    return SpecError(source.file, source.line, source.column, source.path, message, hint)


def virtual_problems(columns, columns_spec: dict, constraints, lists: dict, pending, min_version: int) -> list:
    """Spec errors for the generated columns of one table."""
    problems = []
    virtual = set()
    generated = {c.name for c in columns if c.generated is not None}
    for column in columns:
        spec, origin = columns_spec[column.name]
        if column.generated is not None:
            read = sorted((referenced_columns(column.generated) or frozenset()) & generated)
            if read:
                problems.append(origin.at(*spec.generated_path).error(
                    f"the generated expression reads generated column `{read[0]}`, which PostgreSQL does not allow",
                    f"write `{read[0]}`'s expression in its place"))
        if not column.virtual:
            continue
        virtual.add(column.name)
        at = origin.at("generated", "virtual")
        if min_version < VIRTUAL_VERSION:
            problems.append(at.error(
                f"VIRTUAL generated columns need PostgreSQL {VIRTUAL_VERSION}; this project targets {min_version}",
                f"raise `postgres: {{min_version: {VIRTUAL_VERSION}}}` in schemac.yaml, or remove `virtual: true` "
                "(a STORED generated column works on every version)"))
        if column.type.kind != "builtin":
            problems.append(at.error(
                f"a virtual generated column cannot have type `{column.type.name}`, which is not built into PostgreSQL",
                "use a built-in type, or remove `virtual: true` (STORED)"))
        calls = sorted(name for schema, name in expression_references(column.generated).functions
                       if (schema not in (None, "pg_catalog")) or name not in BUILTIN_FUNCTIONS)
        if calls:
            problems.append(origin.at("generated", "expression").error(
                f"a virtual generated column may call only built-in functions, not {', '.join(calls)}",
                "remove `virtual: true` (a STORED column may call IMMUTABLE functions of the specs)"))
    if not virtual:
        return problems
    hint = "remove `virtual: true` to make the column STORED, which can be indexed and keyed"
    for constraint in constraints:
        used = set(constraint.columns)
        for text in [e.expression for e in constraint.elements if e.expression] + [constraint.where or ""]:
            used |= set(referenced_columns(text) or ()) if text else set()
        if constraint.kind in ("primary_key", "unique", "exclusion") and virtual & used:
            what = {"primary_key": "a primary key", "unique": "a unique constraint",
                    "exclusion": "an exclusion constraint"}[constraint.kind]
            problems.append(_source_error(constraint.source, f"{what} cannot include virtual generated column "
                                          f"`{sorted(virtual & used)[0]}`", hint))
    for spec, origin in lists["indexes"]:
        used = set(spec.column_names) | set(spec.include)
        for text in [*spec.expression_texts, *([spec.where] if spec.where else [])]:
            used |= set(referenced_columns(text) or ())
        if virtual & used:
            problems.append(origin.error(f"an index cannot use virtual generated column `{sorted(virtual & used)[0]}`",
                                         hint))
    for fk in pending:
        if virtual & set(fk.columns):
            problems.append(fk.origin.error(
                f"a foreign key cannot use virtual generated column `{sorted(virtual & set(fk.columns))[0]}`", hint))
    return problems
