"""SQL for the test harness: scratch databases, stand-ins for external
tables, an inventory of every user object (to prove down.sql leaves the
database as it found it), and the frame of a behavioural test (`tests:`): its
transaction, its settings, its role, and a snapshot of every table's rows (to
prove the tests leave no data behind)."""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Column, Constraint, Extension, Table, TypeRef
from compiler.catalog.programmable import Argument, ExternalFunction, Function, Returns
from compiler.ops import CreateFunction, CreateTable
from compiler.render.env import render
from compiler.render.fragments import function_identity
from compiler.render.migration import render_op
from compiler.render.sql import dollar_quote, ident, literal, qualified, sql_type

TEST_STATEMENT_TIMEOUT = "60s"  # a test that waits longer (a lock, a loop) fails instead of hanging


def create_database(name: str) -> str:
    return f"CREATE DATABASE {ident(name)}"


def drop_database(name: str, force: bool) -> str:
    return f"DROP DATABASE IF EXISTS {ident(name)}" + (" WITH (FORCE)" if force else "")


def external_stand_ins(catalog: Catalog) -> str:
    """CREATE statements for what a catalog expects to exist already: roles
    declared `managed: false` (NOLOGIN, when missing), external tables (their
    declared columns, keyed on the columns foreign keys point at) and external
    functions (see `_stand_in_function`)."""
    roles = [_create_role_if_missing(r) for r in catalog.external_roles]
    extensions = catalog.of_kind(Extension)
    functions = [_create_function_unless_provided(_stand_in_function(f), [x for x in extensions if x.schema == f.schema])
                 for f in catalog.external_functions]
    function_schemas = {f.schema for f in catalog.external_functions}
    return "".join(roles) + _external_tables(catalog, function_schemas) + "".join(functions)


def _create_function_unless_provided(function: Function, extensions: list) -> str:
    """The stand-in of an external function; when extensions of the specs
    go into its schema, only if none of them provides it: up.sql's CREATE
    EXTENSION would fail on a function of its own made beforehand. Each
    extension is tried in a subtransaction that is rolled back."""
    statement = render_op(CreateFunction(function))
    if not extensions:
        return statement
    signature = literal(function_identity(function))
    tries = "".join(
        f"    BEGIN\n        CREATE EXTENSION IF NOT EXISTS {ident(x.name)} WITH SCHEMA {ident(x.schema)};\n"
        f"        provided := provided OR to_regprocedure({signature}) IS NOT NULL;\n"
        "        RAISE EXCEPTION 'undo';\n    EXCEPTION WHEN OTHERS THEN NULL;\n    END;\n"
        for x in extensions)
    body = (f"\nDECLARE\n    provided boolean := false;\nBEGIN\n{tries}"
            f"    IF NOT provided THEN\n        EXECUTE {literal(statement)};\n    END IF;\nEND\n")
    return f"DO {dollar_quote(body)};\n"


def _create_role_if_missing(role: str) -> str:
    check = f"SELECT FROM pg_roles WHERE rolname = {literal(role)}"
    body = f"\nBEGIN\n    IF NOT EXISTS ({check}) THEN\n        CREATE ROLE {ident(role)} NOLOGIN;\n    END IF;\nEND\n"
    return f"DO {dollar_quote(body)};\n"


def _stand_in_function(external: ExternalFunction) -> Function:
    """A function with the declared signature. Without arguments it returns
    the setting named after it, cast to its type, so tests can choose what
    `auth.uid()` says with `settings: {auth.uid: ...}`; with arguments it
    returns NULL; a trigger function lets the row through."""
    returns = external.returns or TypeRef("void")
    args = tuple(Argument(f"arg{i + 1}", t) for i, t in enumerate(external.args))
    if returns.name == "trigger":
        return Function(external.schema, external.name, args, Returns(type=returns), "plpgsql",
                        "BEGIN RETURN COALESCE(NEW, OLD); END", "volatile")
    if returns.name == "void":
        return Function(external.schema, external.name, args, Returns(type=returns), "plpgsql", "BEGIN END", "volatile")
    value = f"current_setting({literal(external.schema + '.' + external.name)}, true)" if not args else "NULL"
    body = f"SELECT nullif({value}, '')::{sql_type(returns)}" if not args else f"SELECT NULL::{sql_type(returns)}"
    return Function(external.schema, external.name, args, Returns(type=returns), "sql", body, "stable")


SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


def _external_tables(catalog: Catalog, extra_schemas: set[str]) -> str:
    referenced: dict[str, list[tuple[str, ...]]] = {}
    for fk in catalog.constraints:
        if fk.kind == "foreign_key":
            referenced.setdefault(fk.ref_table_key.replace("table:", "external_table:", 1), []).append(fk.ref_columns)
    tables = [t for t in catalog.external_tables if t.schema not in SYSTEM_SCHEMAS]  # the server's own: no stand-in
    schemas = sorted(({t.schema for t in tables} | extra_schemas) - {"public"})
    # usable by every role, as such schemas are where they really exist (e.g. Supabase's auth)
    statements = [f"CREATE SCHEMA IF NOT EXISTS {ident(s)};\nGRANT USAGE ON SCHEMA {ident(s)} TO PUBLIC;\n"
                  for s in schemas]
    for external in tables:
        keys = list(external.key_columns) or list(dict.fromkeys(referenced.get(external.key, [])))
        constraints = tuple(Constraint(external.schema, external.name, f"{external.name}_stand_in_key{n}",
                                       "primary_key" if n == 0 else "unique", tuple(cols))
                            for n, cols in enumerate(dict.fromkeys(keys)))
        columns = tuple(Column(c.name, c.type, nullable=not any(c.name in k for k in keys)) for c in external.columns)
        statements.append(render_op(CreateTable(Table(external.schema, external.name, columns), constraints)))
    return "".join(statements)


def builtin_names() -> str:
    """Nine result sets: built-in function names, system relation names,
    of the built-in function names those that take no arguments and return
    trigger, those of which no overload is immutable (an index cannot use
    them), of which every overload is an aggregate, and a window function;
    the built-in types with a default operator class per index method; every
    built-in operator class with the types it takes; and the operator
    classes that take parameters."""
    catalog = "pronamespace = 'pg_catalog'::regnamespace"
    return (f"SELECT DISTINCT proname::text FROM pg_proc WHERE {catalog} ORDER BY 1;\n"
            "SELECT DISTINCT relname::text FROM pg_class "
            "WHERE relnamespace IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) "
            "AND relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY 1;\n"
            f"SELECT DISTINCT proname::text FROM pg_proc WHERE {catalog} "
            "AND prorettype = 'trigger'::regtype AND pronargs = 0 ORDER BY 1;\n"
            f"SELECT proname::text FROM pg_proc WHERE {catalog} AND prokind = 'f' "
            "GROUP BY proname HAVING bool_and(provolatile <> 'i') ORDER BY 1;\n"
            f"SELECT proname::text FROM pg_proc WHERE {catalog} GROUP BY proname "
            "HAVING bool_and(prokind = 'a') ORDER BY 1;\n"
            f"SELECT proname::text FROM pg_proc WHERE {catalog} GROUP BY proname "
            "HAVING bool_and(prokind = 'w') ORDER BY 1;\n"
            + DEFAULT_OPERATOR_CLASSES + OPERATOR_CLASSES + OPERATOR_CLASS_OPTIONS + DEFAULT_CLASS_NAMES)


# (access method, type) for each built-in index method and built-in type (arrays as anyarray, enums
# as anyenum) with a default operator class, as GetDefaultOpClass finds it (binary-coercible types too)
DEFAULT_OPERATOR_CLASSES = (
    'SELECT am.amname::text, format_type(t.oid, NULL) '
    'FROM pg_am am CROSS JOIN pg_type t '
    "WHERE am.amtype = 'i' AND am.amname IN ('btree', 'hash', 'gist', 'spgist', 'gin', 'brin') "
    "AND ((t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype IN ('b', 'r', 'm') AND t.typcategory <> 'A' AND t.typisdefined) "
    "     OR t.oid IN ('anyarray'::regtype, 'anyenum'::regtype)) "
    'AND EXISTS (SELECT FROM pg_opclass c WHERE c.opcmethod = am.oid AND c.opcdefault '
    "  AND (c.opcintype = t.oid OR (c.opcintype = 'anyrange'::regtype AND t.typtype = 'r') "
    "       OR (c.opcintype = 'anymultirange'::regtype AND t.typtype = 'm') "
    "       OR EXISTS (SELECT FROM pg_cast k WHERE k.castsource = t.oid AND k.casttarget = c.opcintype AND k.castmethod = 'b' AND k.castcontext = 'i'))) "
    'ORDER BY 1, 2;\n'
)

# (access method, type, operator class) of the default operator class of each type of
# DEFAULT_OPERATOR_CLASSES: the one made for the type itself, else one it is binary-coercible to (of
# its category's preferred type first: text's for varchar), as GetDefaultOpClass picks it
DEFAULT_CLASS_NAMES = (
    'SELECT DISTINCT ON (am.amname, t.oid) am.amname::text, format_type(t.oid, NULL), c.opcname::text '
    'FROM pg_am am JOIN pg_opclass c ON c.opcmethod = am.oid AND c.opcdefault CROSS JOIN pg_type t '
    "WHERE am.amtype = 'i' AND am.amname IN ('btree', 'hash', 'gist', 'spgist', 'gin', 'brin') "
    "AND ((t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype IN ('b', 'r', 'm') AND t.typcategory <> 'A' AND t.typisdefined) "
    "     OR t.oid IN ('anyarray'::regtype, 'anyenum'::regtype)) "
    "AND (c.opcintype = t.oid OR (c.opcintype = 'anyrange'::regtype AND t.typtype = 'r') "
    "     OR (c.opcintype = 'anymultirange'::regtype AND t.typtype = 'm') "
    "     OR EXISTS (SELECT FROM pg_cast k WHERE k.castsource = t.oid AND k.casttarget = c.opcintype AND k.castmethod = 'b' AND k.castcontext = 'i')) "
    'ORDER BY am.amname, t.oid, c.opcintype = t.oid DESC, '
    '(SELECT p.typispreferred FROM pg_type p WHERE p.oid = c.opcintype) DESC, c.opcname;\n'
)

# (access method, operator class, type) for each built-in operator class of a built-in index method and
# each built-in type it takes, by the rule of DEFAULT_OPERATOR_CLASSES
OPERATOR_CLASSES = (
    'SELECT am.amname::text, c.opcname::text, format_type(t.oid, NULL) '
    'FROM pg_am am JOIN pg_opclass c ON c.opcmethod = am.oid '
    "AND c.opcnamespace = 'pg_catalog'::regnamespace CROSS JOIN pg_type t "
    "WHERE am.amtype = 'i' AND am.amname IN ('btree', 'hash', 'gist', 'spgist', 'gin', 'brin') "
    "AND ((t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype IN ('b', 'r', 'm') AND t.typcategory <> 'A' AND t.typisdefined) "
    "     OR t.oid IN ('anyarray'::regtype, 'anyenum'::regtype)) "
    "AND (c.opcintype = t.oid OR (c.opcintype = 'anyrange'::regtype AND t.typtype = 'r') "
    "     OR (c.opcintype = 'anymultirange'::regtype AND t.typtype = 'm') "
    "     OR EXISTS (SELECT FROM pg_cast k WHERE k.castsource = t.oid AND k.casttarget = c.opcintype AND k.castmethod = 'b' AND k.castcontext = 'i')) "
    'ORDER BY 1, 2, 3;\n'
)

# (access method, operator class) of the built-in operator classes with an options support function
# (they take parameters: `tsvector_ops (siglen = 32)`); the support number is each method's
OPERATOR_CLASS_OPTIONS = (
    'SELECT DISTINCT am.amname::text, c.opcname::text '
    'FROM pg_am am JOIN pg_opclass c ON c.opcmethod = am.oid '
    'JOIN pg_amproc p ON p.amprocfamily = c.opcfamily AND p.amproclefttype = c.opcintype '
    "AND p.amprocnum = CASE am.amname WHEN 'btree' THEN 5 WHEN 'hash' THEN 3 WHEN 'gist' THEN 10 "
    "WHEN 'gin' THEN 7 WHEN 'spgist' THEN 7 WHEN 'brin' THEN 5 END "
    "WHERE c.opcnamespace = 'pg_catalog'::regnamespace ORDER BY 1, 2;\n"
)


def builtin_types() -> str:
    """Three result sets: built-in functions with their one return type,
    assignment and implicit casts, comparison operators (see the template)."""
    return render("harness/builtin_types.sql.j2")


def list_roles() -> str:
    return "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1"


def drop_role(name: str) -> str:
    return f"DROP ROLE IF EXISTS {ident(name)}"


def session_settings() -> str:
    """What `schemac test` sets on its connection first, as every generated
    script does: string literals read as the SQL standard says (a server or
    role set to `standard_conforming_strings = off` would otherwise read a
    backslash in the specs' SQL as an escape)."""
    return "SET standard_conforming_strings = on;\n"


def inventory() -> str:
    return render("harness/inventory.sql.j2")


def available_extensions() -> str:
    return render("harness/available_extensions.sql.j2")


def begin_test(schema: str, settings: dict[str, str]) -> str:
    """Open a behavioural test's transaction and apply its settings, local to
    that transaction. Before the test's own settings (which may override them):
    the domain's schema, then public, is the search_path, and a statement times
    out after TEST_STATEMENT_TIMEOUT."""
    return f"BEGIN;\nSELECT {test_settings(schema, settings)};\n"


def test_settings(schema: str, settings: dict[str, str]) -> str:
    """The `set_config(..., true)` calls of a test's settings (begin_test's)."""
    path = ", ".join(ident(s) for s in dict.fromkeys((schema, "public")))
    pairs = [("statement_timeout", TEST_STATEMENT_TIMEOUT), ("search_path", path), *settings.items()]
    return ",\n       ".join(f"set_config({literal(name)}, {literal(value)}, true)" for name, value in pairs)


def switch_role(role: str) -> str:
    """Run the rest of a test's transaction as `role` (undone by its rollback)."""
    return f"SET LOCAL ROLE {ident(role)}"


def end_test() -> str:
    """A behavioural test never keeps anything: its transaction is rolled back."""
    return "ROLLBACK"


def sensitive_columns(catalog: Catalog) -> str | None:
    """(table oid, column number) of each `sensitive: true` column of
    `catalog` on the database, so that what a test shows of their values is
    masked; None when no column is sensitive."""
    values = [f"({literal(qualified(t.schema, t.name))}, {literal(c.name)})"
              for t in sorted(catalog.tables, key=lambda t: (t.schema, t.name)) for c in t.columns if c.sensitive]
    if not values:
        return None
    return ("SELECT a.attrelid::oid::bigint AS relation, a.attnum::integer AS attnum\n"
            "FROM (VALUES " + ", ".join(values) + ") AS s(relation, name)\n"
            "JOIN pg_catalog.pg_attribute AS a ON a.attrelid = pg_catalog.to_regclass(s.relation) AND a.attname = s.name")


def table_snapshot(catalog: Catalog) -> str:
    """One row per table of `catalog`: its name, row count and a checksum of
    its rows, so a before/after comparison shows any row added, removed or
    changed."""
    selects = [f"SELECT {literal(qualified(t.schema, t.name))} AS relation, count(*) AS row_count, "
               f"md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS checksum "
               f"FROM {qualified(t.schema, t.name)} AS r"
               for t in sorted(catalog.tables, key=lambda t: (t.schema, t.name))]
    if not selects:
        return "SELECT NULL::text AS relation, 0::bigint AS row_count, NULL::text AS checksum WHERE false"
    return "\nUNION ALL\n".join(selects) + "\nORDER BY 1"
