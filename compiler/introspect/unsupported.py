"""What a database holds that the spec language cannot express, so that
`schemac import` never drops it silently and `schemac inspect` says what it
did not read.

One query (templates/introspect/unsupported.sql.j2) lists, in the inspected
schemas, every object of a kind the language does not have (rules, foreign
tables, operators, ...) and every property of an object it does have that no
spec key can say (a column's STORAGE, a function's COST, a constraint NOT
VALID, ...), plus the database-wide event triggers, publications and
subscriptions. Each row is a code, a name and a detail; the sentence a user
reads is made here. Objects extensions own are left to their extension,
and so is what PostgreSQL makes for another object (a range type's
constructors). The names of PostgreSQL 18's NOT NULL constraints are not
listed: no spec names them, and a table schemac renames keeps its old ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from compiler.apply import failure
from compiler.render import introspect as sql


@dataclass(frozen=True, order=True)
class Unsupported:
    """One object, or one property of an object, that no spec can express."""

    kind: str  # what it is: "rule", "foreign table", "column", "function", ...
    name: str  # schema.name (schema.table.name for what belongs to a table; name(args) for functions)
    reason: str  # a sentence: what it is and why it cannot be written in a spec

    def __str__(self) -> str:
        return f"{self.kind} {self.name}: {self.reason}"


_STORAGE = {"p": "PLAIN", "e": "EXTERNAL", "m": "MAIN", "x": "EXTENDED"}
_COMPRESSION = {"p": "pglz", "l": "lz4"}
_CONSTRAINT = {"p": "primary key", "u": "unique constraint", "c": "check", "f": "foreign key",
               "x": "exclusion constraint", "n": "NOT NULL constraint", "t": "constraint trigger"}
_TRIGGER_ENABLED = {"D": "DISABLE TRIGGER", "R": "ENABLE REPLICA TRIGGER", "A": "ENABLE ALWAYS TRIGGER"}
_PARALLEL = {"s": "PARALLEL SAFE", "r": "PARALLEL RESTRICTED"}

# code -> (kind, reason); `{detail}` is the query's detail, `{label}` a label made from it below
REASONS: dict[str, tuple[str, str]] = {
    # relations
    "foreign_table": ("foreign table", "foreign tables (CREATE FOREIGN TABLE) are not expressible"),
    "inherits": ("table", "table inheritance (INHERITS {detail}) is not expressible: partitions are"),
    "subpartitioned": ("table", "a partition that is partitioned again (sub-partitioning) is not expressible yet"),
    "partition_row_security": ("table", "row-level security on a partition is not expressible: `rls:` is declared "
                                        "on the partitioned table"),
    "typed_table": ("table", "a typed table (CREATE TABLE ... OF {detail}) is not expressible"),
    "rule": ("rule", "rules (CREATE RULE) are not expressible: use a trigger or a view"),
    "storage_parameters": ("table", "storage parameters WITH ({detail}) are not expressible for tables"),
    "matview_storage_parameters": ("materialized view", "storage parameters WITH ({detail}) are not expressible "
                                                        "for materialized views"),
    "view_options": ("view", "view options WITH ({detail}) are not expressible: only security_invoker is"),
    "tablespace": ("table", "a tablespace (TABLESPACE {detail}) is not expressible"),
    "matview_tablespace": ("materialized view", "a tablespace (TABLESPACE {detail}) is not expressible"),
    "index_tablespace": ("index", "a tablespace (TABLESPACE {detail}) is not expressible"),
    "replica_identity": ("table", "REPLICA IDENTITY {detail} is not expressible"),
    "access_method": ("table", "a table access method (USING {detail}) is not expressible: tables are heap"),
    "unlogged_sequence": ("sequence", "an UNLOGGED sequence is not expressible (only an identity column's, "
                                      "made with its UNLOGGED table)"),
    "logged_identity_sequence": ("sequence", "a logged identity sequence of an UNLOGGED table is not expressible: "
                                             "PostgreSQL makes it UNLOGGED with its table"),
    # columns
    "column_storage": ("column", "STORAGE {label} is not expressible: columns keep their type's storage"),
    "column_compression": ("column", "COMPRESSION {label} is not expressible"),
    "column_statistics": ("column", "a statistics target (SET STATISTICS {detail}) is not expressible"),
    "column_options": ("column", "attribute options SET ({detail}) are not expressible"),
    "column_collation": ("column", "a column collation (COLLATE {detail}) is not expressible: columns take "
                                   "their type's collation"),
    "identity_options": ("column", "identity sequence options ({detail}) are not expressible: `identity:` makes "
                                   "the sequence with PostgreSQL's defaults"),
    "view_column_default": ("view column", "a default on a view's column (ALTER VIEW ... SET DEFAULT) is not "
                                           "expressible"),
    # constraints and indexes
    "not_valid": ("constraint", "a {label} that is NOT VALID is not expressible: constraints in the specs hold "
                                "for every row"),
    "not_enforced": ("constraint", "a {label} that is NOT ENFORCED is not expressible"),
    "deferrable_key": ("constraint", "a {detail} primary key or unique constraint is not expressible: only "
                                     "foreign keys, exclusion constraints and constraint triggers take `deferrable`"),
    "foreign_key_match": ("constraint", "{detail} is not expressible: foreign keys are MATCH SIMPLE"),
    "foreign_key_set_columns": ("constraint", "ON DELETE SET NULL / SET DEFAULT of some columns only is not "
                                              "expressible"),
    "no_inherit": ("constraint", "a NO INHERIT constraint is not expressible"),
    "key_include": ("constraint", "INCLUDE columns of a primary key, unique or exclusion constraint are not "
                                  "expressible: an index may include columns"),
    "key_storage_parameters": ("constraint", "storage parameters WITH ({detail}) of a primary key or unique "
                                             "constraint's index are not expressible"),
    "partition_constraint": ("constraint", "a {label} of a partition's own is not expressible: keys and checks "
                                           "are declared on the partitioned table"),
    "constraint_comment": ("comment", "a comment on a {label} is not expressible"),
    "key_index_comment": ("comment", "a comment on the index of a primary key, unique or exclusion constraint is "
                                     "not expressible"),
    "clustered": ("index", "CLUSTER ON this index is not expressible"),
    # triggers and policies
    "view_trigger": ("trigger", "triggers on views (INSTEAD OF) are not expressible: triggers are declared on "
                                "tables"),
    "trigger_enabled": ("trigger", "ALTER TABLE ... {label} is not expressible: triggers in the specs are enabled"),
    "partition_trigger": ("trigger", "a trigger of a partition's own is not expressible: triggers are declared on "
                                     "the partitioned table"),
    "trigger_from": ("trigger", "a constraint trigger FROM {detail} is not expressible"),
    "trigger_comment": ("comment", "a comment on a trigger is not expressible"),
    "policy_comment": ("comment", "a comment on a policy is not expressible"),
    "partition_policy": ("policy", "a policy on a partition is not expressible: policies are declared on the "
                                   "partitioned table"),
    # functions and aggregates
    "window_function": ("function", "window functions (CREATE FUNCTION ... WINDOW) are not expressible"),
    "function_language": ("function", "functions in language {detail} are not expressible: sql and plpgsql are"),
    "function_parallel": ("function", "{label} is not expressible for functions (only for aggregates)"),
    "function_cost": ("function", "COST {detail} is not expressible"),
    "function_rows": ("function", "ROWS {detail} is not expressible"),
    "function_leakproof": ("function", "LEAKPROOF is not expressible"),
    "function_support": ("function", "a SUPPORT function ({detail}) is not expressible"),
    "function_transform": ("function", "TRANSFORM FOR TYPE is not expressible"),
    "function_setting": ("function", "SET {label} is not expressible: `search_path` is the only setting a "
                                     "function takes"),
    "definer_without_search_path": ("function", "SECURITY DEFINER without SET search_path is not expressible: "
                                                "schemac requires `search_path` with `security: definer`"),
    "aggregate_option": ("aggregate", "{detail} is not expressible for aggregates"),
    "aggregate_privileges": ("aggregate", "privileges on an aggregate ({detail}) are not expressible"),
    # types
    "base_type": ("type", "base types (CREATE TYPE with INPUT and OUTPUT functions) are not expressible"),
    "shell_type": ("type", "a shell type (CREATE TYPE without a definition) is not expressible"),
    "range_canonical": ("type", "a range type's CANONICAL function ({detail}) is not expressible"),
    "type_privileges": ("type", "privileges on a type ({detail}) are not expressible"),
    "attribute_comment": ("comment", "a comment on a composite type's attribute is not expressible"),
    "domain_constraint_comment": ("comment", "a comment on a domain's check is not expressible"),
    "domain_constraint_not_valid": ("constraint", "a domain check that is NOT VALID is not expressible"),
    # owners
    "owner_enum": ("owner", "an enum owned by {detail} is not expressible: enums belong to the role that runs the "
                            "migrations"),
    "owner_domain": ("owner", "a domain owned by {detail} is not expressible: domains belong to the role that runs "
                              "the migrations"),
    "owner_type": ("owner", "a type owned by {detail} is not expressible: types belong to the role that runs the "
                            "migrations"),
    "owner_aggregate": ("owner", "an aggregate owned by {detail} is not expressible: aggregates belong to the role "
                                 "that runs the migrations"),
    "owner_sequence": ("owner", "a sequence owned by {detail} is not expressible: sequences belong to the role "
                                "that runs the migrations (or to the owner of the table whose column owns them)"),
    # comments and labels
    "schema_comment": ("comment", "a comment on a schema is not expressible"),
    "partition_column_comment": ("comment", "a comment on a partition's column is not expressible: columns are "
                                            "declared on the partitioned table"),
    "view_column_comment": ("comment", "a comment on a view's column is not expressible"),
    "security_label": ("security label", "security labels (SECURITY LABEL on a {detail}) are not expressible"),
    # kinds the language does not have
    "operator": ("operator", "operators (CREATE OPERATOR) are not expressible"),
    "operator_class": ("operator class", "operator classes (CREATE OPERATOR CLASS ... USING {detail}) are not "
                                         "expressible: index elements may name one an extension installs"),
    "operator_family": ("operator family", "operator families (CREATE OPERATOR FAMILY ... USING {detail}) are not "
                                           "expressible"),
    "cast": ("cast", "casts (CREATE CAST) are not expressible"),
    "transform": ("transform", "transforms (CREATE TRANSFORM) are not expressible"),
    "collation": ("collation", "collations (CREATE COLLATION) are not expressible"),
    "conversion": ("conversion", "encoding conversions (CREATE CONVERSION) are not expressible"),
    "text_search_configuration": ("text search configuration", "text search configurations are not expressible"),
    "text_search_dictionary": ("text search dictionary", "text search dictionaries are not expressible"),
    "text_search_parser": ("text search parser", "text search parsers are not expressible"),
    "text_search_template": ("text search template", "text search templates are not expressible"),
    "statistics": ("statistics", "extended statistics (CREATE STATISTICS) are not expressible"),
    "event_trigger": ("event trigger", "event triggers (CREATE EVENT TRIGGER) are not expressible"),
    "publication": ("publication", "publications (CREATE PUBLICATION) are not expressible"),
    "subscription": ("subscription", "subscriptions (CREATE SUBSCRIPTION) are not expressible"),
}


def _label(code: str, detail: str | None) -> str:
    if code == "column_storage":
        return _STORAGE.get(detail, detail)
    if code == "column_compression":
        return _COMPRESSION.get(detail, detail)
    if code in ("not_valid", "not_enforced", "partition_constraint", "constraint_comment"):
        return _CONSTRAINT.get(detail, "constraint")
    if code == "trigger_enabled":
        return _TRIGGER_ENABLED.get(detail, detail)
    if code == "function_parallel":
        return _PARALLEL.get(detail, detail)
    if code == "function_setting":
        name, _, value = (detail or "").partition("=")
        return f"{name} = {value}"
    return detail or ""


def unsupported_of(row: dict) -> Unsupported:
    """The query's row as a sentence."""
    kind, reason = REASONS[row["code"]]
    detail = row["detail"]
    return Unsupported(kind, row["name"], reason.format(detail=detail, label=_label(row["code"], detail)))


def find_unsupported(conn: psycopg.Connection, schemas: list[str] | None = None) -> list[Unsupported]:
    """What the database at `conn` holds in `schemas` (default: every schema
    introspection reads) that no spec can express, sorted by kind, name and
    reason. Runs in a read-only snapshot of its own (`conn` in autocommit,
    as `compiler.apply.connect` makes it), with only pg_catalog on the
    search_path (names come out schema-qualified)."""
    try:
        conn.execute(sql.BEGIN_SNAPSHOT)
        try:
            conn.execute(sql.INSPECT_SETTINGS)
            version = conn.execute(sql.SERVER_VERSION).fetchone()[0]
            with conn.cursor(row_factory=dict_row) as cur:
                if schemas is None:
                    cur.execute(sql.catalog_query("schemas", [], version).encode("utf-8"), prepare=False)
                    schemas = [row["name"] for row in cur.fetchall()]
                cur.execute(sql.catalog_query("unsupported", list(schemas), version).encode("utf-8"), prepare=False)
                rows = cur.fetchall()
        finally:
            if not conn.closed and not conn.broken:
                conn.execute(sql.ROLLBACK)
    except psycopg.Error as exc:
        message = "; ".join(line.strip() for line in str(exc).strip().splitlines() if line.strip())
        raise failure(exc, conn, f"reading what the database holds beyond the spec language: {message}") from None
    return sorted(map(unsupported_of, rows))


def unsupported_at(url: str, schemas: list[str] | None = None) -> list[Unsupported]:
    """`find_unsupported` on the database at `url`."""
    from compiler.introspect import open_connection
    with open_connection(url) as conn:
        return find_unsupported(conn, schemas)


def report_lines(found: list[Unsupported]) -> list[str]:
    """One line per object or property, as `inspect` and `import` print them."""
    return [f"{u.kind} {u.name}: {u.reason}" for u in found]
