"""What validates must apply: each spec here either applies on PostgreSQL,
verifies clean and rolls back to the database it found, or is refused at
load time with an error at its file, line, column and key path, and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.errors import SpecErrors
from tests.helpers import compile_spec, inventory, stand_ins, verify


def _write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def errors(tmp_path: Path, text: str) -> list[tuple[int, int, str, str, str]]:
    """(line, column, key path, message, hint) of each error, in file order."""
    spec = _write(tmp_path, text)
    with pytest.raises(SpecErrors) as caught:
        api.load(tmp_path, [spec])
    assert all(e.file.endswith("spec.yaml") for e in caught.value.errors)
    return [(e.line, e.column, e.path, e.message, e.hint) for e in caught.value.errors]


def applies(conn, tmp_path: Path, text: str):
    """Apply up.sql, require a clean verify.sql, apply down.sql, require the
    database as it was; then apply up.sql again and leave it applied, so the
    test can look at what it made. Returns the compiled specs."""
    spec = _write(tmp_path, text)
    compiled, files = compile_spec(tmp_path, [spec])
    stand_ins(conn, compiled)
    before = inventory(conn)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before
    run_script(conn, files.up, "up.sql")
    return compiled


def scalar(conn, sql: str):
    return run_script(conn, sql, "query")[-1].rows[0][0]


# -- grants: an empty privilege list ----------------------------------------

EMPTY_GRANTS = """\
roles: {app: {}}
tables:
  t:
    columns: {id: {type: integer, primary_key: true}}
    grants: {app: [], public: []}
functions:
  f:
    returns: integer
    body: select 1
    grants: {public: [], app: []}
  g:
    returns: integer
    body: select 2
    grants: {app: []}
"""


def test_an_empty_privilege_list_grants_nothing_and_public_loses_execute(conn, tmp_path):
    applies(conn, tmp_path, EMPTY_GRANTS)
    assert scalar(conn, "SELECT has_table_privilege('app', 'public.t', 'SELECT, INSERT, UPDATE, DELETE')") is False
    assert scalar(conn, "SELECT has_function_privilege('app', 'public.f()', 'EXECUTE')") is False
    # `public: []` on a function takes PostgreSQL's default EXECUTE for PUBLIC away; without it, it stays
    assert scalar(conn, "SELECT has_function_privilege('public', 'public.f()', 'EXECUTE')") is False
    assert scalar(conn, "SELECT has_function_privilege('public', 'public.g()', 'EXECUTE')") is True


# -- search_path: [] ---------------------------------------------------------

def test_an_empty_search_path_is_set_to_the_empty_string(conn, tmp_path):
    applies(conn, tmp_path, """\
functions:
  f:
    returns: integer
    body: select 1
    search_path: []
""")
    assert scalar(conn, "SELECT proconfig::text FROM pg_proc WHERE oid = 'public.f()'::regprocedure") \
        == '{"search_path=\\"\\""}'


# -- a view's row type -------------------------------------------------------

def test_a_view_row_type_is_a_return_type(conn, tmp_path):
    compiled = applies(conn, tmp_path, """\
tables:
  t:
    columns: {id: {type: integer, primary_key: true}}
views:
  v:
    query: select id from t
functions:
  all_v:
    returns: {setof: v}
    body: select * from v
  one_v:
    returns: v
    body: select * from v limit 1
""")
    all_v = compiled.catalog.by_key()["function:public.all_v()"]
    assert (all_v.returns.setof.schema, all_v.returns.setof.name, all_v.returns.setof.kind) == ("public", "v", "view")
    assert scalar(conn, "SELECT count(*) FROM public.all_v()") == 0


# -- primary key and unique on the same columns ------------------------------

def test_unique_on_the_primary_key_columns_is_refused(tmp_path):
    assert errors(tmp_path, """\
tables:
  t:
    columns:
      id: {type: integer, primary_key: true, unique: true}
      a: integer
      b: integer
    unique:
      - [a, b]
      - {columns: [a, b], name: t_again}
""") == [
        (4, 54, "tables.t.columns.id.unique",
         "this unique constraint on `id` repeats the primary key: PostgreSQL would create only one of them",
         "remove it; a primary key is unique already"),
        (9, 9, "tables.t.unique[1]",
         "this unique constraint on `a`, `b` repeats unique constraint `t_a_b_key`: PostgreSQL would create only "
         "one of them", "remove one of the two"),
    ]


def test_create_table_keeps_one_of_two_equal_keys(conn):
    """The reason for the error above, on the server: CREATE TABLE drops a
    unique constraint that repeats the primary key."""
    run_script(conn, "CREATE TABLE t (id integer, CONSTRAINT t_pkey PRIMARY KEY (id), CONSTRAINT t_id_key UNIQUE (id))",
               "create")
    assert scalar(conn, "SELECT string_agg(conname, ',') FROM pg_constraint WHERE conrelid = 't'::regclass "
                        "AND contype IN ('p', 'u')") == "t_pkey"


# -- keys with a dot ---------------------------------------------------------

def test_a_key_naming_a_schema_no_domain_creates_is_refused(tmp_path):
    found = errors(tmp_path, """\
schema: app
schemas: [extra]
tables:
  other.t:
    columns: {id: integer}
enums:
  other.e: [a]
mixins:
  other.m: {columns: {x: integer}}
functions:
  other.f: {returns: integer, body: select 1}
  extra.g: {returns: integer, body: select 1}
  app.h: {returns: integer, body: select 1}
views:
  other.v: {query: select 1}
""")
    assert [(line, column, path) for line, column, path, _, _ in found] == [
        (4, 3, "tables.other.t"), (7, 3, "enums.other.e"), (9, 3, "mixins.other.m"), (11, 3, "functions.other.f"),
        (15, 3, "views.other.v")]
    messages = [message for _, _, _, message, _ in found]
    assert messages[0] == "`other.t` would put the table in schema `other`, which no domain creates"
    assert messages[1] == "`other.e` would put the enum in schema `other`, which no domain creates"
    assert messages[2].startswith("a mixin name cannot hold a dot")
    assert messages[3] == "`other.f` would put the function in schema `other`, which no domain creates"
    assert all("A name that really holds a dot cannot be written as a key" in hint
               for _, _, _, _, hint in found if "mixin" not in hint)


def test_a_function_key_may_name_a_schema_the_migration_creates(conn, tmp_path):
    applies(conn, tmp_path, """\
schema: app
schemas: [extra]
functions:
  extra.g: {returns: integer, body: select 1}
  app.h: {returns: integer, body: select 2}
""")
    assert scalar(conn, "SELECT extra.g() + app.h()") == 3


# -- built-in trigger functions ----------------------------------------------

BUILTIN_TRIGGERS = """\
tables:
  docs:
    columns:
      id: {type: integer, primary_key: true}
      body: text
      tsv: tsvector
    triggers:
      tsv_update:
        function: tsvector_update_trigger
        timing: before
        events: [insert, update]
        args: [tsv, pg_catalog.english, body]
      no_op:
        function: pg_catalog.suppress_redundant_updates_trigger
        timing: before
        events: [update]
"""


def test_a_built_in_trigger_function_needs_no_declaration(conn, tmp_path):
    compiled = applies(conn, tmp_path, BUILTIN_TRIGGERS)
    assert not compiled.catalog.external_functions  # no stand-in: PostgreSQL provides it
    run_script(conn, "INSERT INTO docs (id, body) VALUES (1, 'the quick fox')", "insert")
    assert scalar(conn, "SELECT tsv::text FROM docs") == "'fox':3 'quick':2"


def test_a_built_in_declared_under_pg_catalog_is_harmless(conn, tmp_path):
    compiled = applies(conn, tmp_path, "external:\n  functions:\n"
                       "    pg_catalog.tsvector_update_trigger: {returns: trigger}\n" + BUILTIN_TRIGGERS)
    assert not compiled.catalog.external_functions


def test_a_built_in_declared_unqualified_is_refused(tmp_path):
    [(line, column, path, message, hint)] = errors(
        tmp_path, "external:\n  functions:\n    tsvector_update_trigger: {returns: trigger}\n"
        "    pg_catalog.no_such_function: {returns: trigger}\n" + BUILTIN_TRIGGERS)[:1]
    assert (line, column, path) == (3, 5, "external.functions.tsvector_update_trigger")
    assert message == "`tsvector_update_trigger` is a built-in function of PostgreSQL (pg_catalog): it needs no declaration"
    assert hint.startswith("remove it from `external: functions:`")


def test_an_unknown_pg_catalog_function_is_refused(tmp_path):
    [error] = errors(tmp_path, "external:\n  functions:\n    pg_catalog.no_such_function: {returns: integer}\n"
                     "tables:\n  t: {columns: {id: integer}}\n")
    assert error[:4] == (3, 5, "external.functions.pg_catalog.no_such_function",
                         "PostgreSQL has no built-in function `no_such_function`")


# -- index methods and operator classes --------------------------------------

def test_index_methods_and_operator_classes_postgresql_would_refuse(tmp_path):
    found = errors(tmp_path, """\
extensions: [vector]
external: {types: [vector]}
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      body: text
      emb: vector(3)
    indexes:
      - {columns: [body], using: gist}
      - {columns: [body], using: gin}
      - {columns: [emb], using: hnsw}
      - {columns: [emb], using: ivfflat}
      - {columns: [emb], using: bloom}
""")
    assert [(line, column, path, message) for line, column, path, message, _ in found] == [
        (10, 20, "tables.t.indexes[0].columns[0]", "column `body` is text, which has no default operator class for "
         "index method `gist`: PostgreSQL would refuse the index"),
        (11, 20, "tables.t.indexes[1].columns[0]", "column `body` is text, which has no default operator class for "
         "index method `gin`: PostgreSQL would refuse the index"),
        (12, 20, "tables.t.indexes[2].columns[0]",
         "index method `hnsw` has no default operator class: name one with `opclass:`"),
        (14, 33, "tables.t.indexes[4].using", "index method `bloom` needs extension `bloom`"),
    ]  # ivfflat indexes vector with its default vector_l2_ops
    assert found[0][4].startswith("use `brin` or `btree` or `hash` or `spgist`")
    assert "gist_trgm_ops" in found[0][4] and "vector_cosine_ops" in found[2][4]


def test_indexes_with_default_operator_classes_apply(conn, tmp_path):
    applies(conn, tmp_path, """\
extensions: [bloom]
enums:
  state: [a, b]
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      body: text
      doc: jsonb
      span: tstzrange
      tags: text[]
      s: state
    indexes:
      - {columns: [body], using: spgist}
      - {columns: [doc], using: gin}
      - {columns: [span], using: gist}
      - {columns: [tags], using: gin}
      - {columns: [s], using: hash}
      - {columns: [id, body], using: bloom}
""")


# -- a policy naming its own table -------------------------------------------

SELF_QUALIFIED_POLICIES = """\
roles: {app: {}}
tables:
  orgs:
    columns:
      id: {type: integer, primary_key: true}
      owner: text
    rls:
      policies:
        own:
          to: [app]
          using: orgs.owner = current_user
          with_check: public.orgs.owner = current_user and orgs.id > 0
  Teams:
    columns:
      id: {type: integer, primary_key: true}
      owner: text
    rls:
      policies:
        own: {to: [app], using: '"Teams".owner = current_user'}
"""


def test_a_policy_qualifying_columns_with_its_own_table_verifies(conn, tmp_path):
    applies(conn, tmp_path, SELF_QUALIFIED_POLICIES)


def test_verify_still_sees_a_changed_self_qualified_policy(conn, tmp_path):
    spec = _write(tmp_path, SELF_QUALIFIED_POLICIES)
    _, files = compile_spec(tmp_path, [spec])
    run_script(conn, files.up, "up.sql")
    run_script(conn, "ALTER POLICY own ON public.orgs USING (owner = 'x')", "tamper")
    assert verify(conn, files) == [("policy own on public.orgs using", "(owner = CURRENT_USER)", "(owner = 'x'::text)")]


# -- what PostgreSQL refuses in a table's expressions, known offline ---------

OFFLINE = """\
tables:
  t:
    columns:
      id: {type: integer, identity: always, primary_key: true}
      flag: {type: boolean, default: "1"}
      n: {type: integer, default: "'abc'"}
      u: {type: uuid, default: "'x'"}
      name: {type: text, identity: true}
      v: {type: bigint, default: "nextval('s')"}
      g: {type: double precision, generated: random()}
      ts: timestamptz
    checks:
      agg: count(*) > 0
    indexes:
      - {expressions: [random()]}
      - {columns: [id], where: "row_number() over () > 1", name: a}
      - {columns: [id], where: "ts > now()", name: b}
      - {columns: [id], where: "ts > current_timestamp", name: c}
"""


def test_what_postgresql_refuses_in_expressions_is_found_offline(tmp_path):
    found = errors(tmp_path, OFFLINE)
    assert [(line, column, path, message) for line, column, path, message, _ in found] == [
        (5, 39, "tables.t.columns.flag.default", "the default 1 is a number, which a boolean column cannot take"),
        (6, 36, "tables.t.columns.n.default", "the default 'abc' is not a valid integer: PostgreSQL would refuse it"),
        (7, 33, "tables.t.columns.u.default", "the default 'x' is not a valid uuid: PostgreSQL would refuse it"),
        (8, 36, "tables.t.columns.name.identity", "an identity column must be smallint, integer or bigint, not text"),
        (9, 35, "tables.t.columns.v.default", "the default uses sequence `s`, which the specs do not define"),
        (10, 46, "tables.t.columns.g.generated", "the generated expression calls `random()`, which is not immutable"),
        (13, 12, "tables.t.checks.agg",
         "check `agg` calls aggregate function `count`, which PostgreSQL does not allow here"),
        (15, 24, "tables.t.indexes[0].expressions[0]", "the index expression calls `random()`, which is not immutable"),
        (16, 33, "tables.t.indexes[1].where",
         "the index predicate calls window function `row_number`, which PostgreSQL does not allow here"),
        (17, 38, "tables.t.indexes[2].where", "the index predicate calls `now()`, which is not immutable"),
        (18, 38, "tables.t.indexes[3].where", "the index predicate reads the current time or user, which is not immutable"),
    ]
    assert all(hint for *_, hint in found)


def test_postgresql_refuses_each_offline_finding(conn):
    """The reason for each error above, on the server."""
    refused = [
        "CREATE TABLE a (flag boolean DEFAULT 1)",
        "CREATE TABLE a (n integer DEFAULT 'abc')",
        "CREATE TABLE a (u uuid DEFAULT 'x')",
        "CREATE TABLE a (name text GENERATED ALWAYS AS IDENTITY)",
        "CREATE TABLE a (v bigint DEFAULT nextval('s'))",
        "CREATE TABLE a (g double precision GENERATED ALWAYS AS (random()) STORED)",
        "CREATE TABLE a (id integer CHECK (count(*) > 0))",
        "CREATE TABLE a (id integer); CREATE INDEX ON a ((random()))",
        "CREATE TABLE a (id integer); CREATE INDEX ON a (id) WHERE row_number() OVER () > 1",
        "CREATE TABLE a (id integer, ts timestamptz); CREATE INDEX ON a (id) WHERE ts > now()",
        "CREATE TABLE a (id integer, ts timestamptz); CREATE INDEX ON a (id) WHERE ts > current_timestamp",
        "CREATE TABLE a (body text); CREATE INDEX ON a USING gist (body)",
    ]
    for sql in refused:
        with pytest.raises(Exception) as refusal:
            run_script(conn, "BEGIN;\n" + sql + ";\nCOMMIT;\n", "refused")
        assert "already exists" not in str(refusal.value)
        run_script(conn, "ROLLBACK", "rollback")


def test_what_the_offline_checks_accept_applies(conn, tmp_path):
    applies(conn, tmp_path, """\
tables:
  t:
    columns:
      id: {type: bigint, identity: by_default, primary_key: true}
      flag: {type: boolean, default: "'yes'"}
      n: {type: integer, default: "'42'"}
      label: {type: text, default: "1"}
      amount: {type: "numeric(10,2)", default: "'1.5'"}
      u: {type: uuid, default: "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'"}
      u4: {type: uuid, default: "'{a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11}'"}
      o: {type: oid, default: "0"}
      copy: {type: bigint, default: "currval('t_id_seq'::regclass)"}
      ts: timestamptz
    indexes:
      - {expressions: [lower(label)]}
      - {columns: [n], where: "flag and n > abs(-1)"}
""")


# -- PL/pgSQL bodies: declarations order the function; unknown is not valid --

PLPGSQL = """\
schema: app
enums:
  status: [a, b]
functions:
  a_rowtype:
    returns: integer
    language: plpgsql
    body: |
      DECLARE v items;
      BEGIN
        SELECT * INTO v FROM items LIMIT 1;
        RETURN v.id;
      END
  a_qualified:
    args: [{name: p, type: status}, {name: q, type: "status[]"}]
    returns: {setof: items}
    language: plpgsql
    body: |
      DECLARE
        v app.items;
        w app.items%ROWTYPE;
        n app.items.id%TYPE := 1;
        s status[];
        x CONSTANT "items" := NULL;
        c CURSOR FOR SELECT 1;
      BEGIN
        v.id := n;
        RETURN NEXT v;
      END
tables:
  items:
    columns:
      id: {type: integer, primary_key: true}
      s: status
"""


def test_plpgsql_row_type_variables_order_the_function_after_the_table(conn, tmp_path):
    compiled = applies(conn, tmp_path, PLPGSQL)
    by_key = compiled.catalog.by_key()
    assert "table:app.items" in by_key["function:app.a_rowtype()"].depends_on
    assert "table:app.items" in by_key["function:app.a_qualified(app.status, app.status[])"].depends_on
    assert scalar(conn, "SELECT count(*) FROM app.a_qualified('a', '{b}')") == 1


def test_a_plpgsql_syntax_error_is_found_with_a_signature_of_another_schema(tmp_path):
    text = PLPGSQL.replace("        RETURN NEXT v;\n      END", "        RETURN NEXT v;\n      ENDD")
    [(line, column, path, message, hint)] = errors(tmp_path, text)
    assert (line, column, path) == (18, 11, "functions.a_qualified.body")
    assert message == "the PL/pgSQL body does not parse: unexpected end of function definition at end of input"


def test_a_plpgsql_body_the_offline_parser_cannot_judge_is_an_error(tmp_path, monkeypatch):
    """Without the stand-in types, the offline parser cannot look up a type
    of schema `app`: that is reported, never taken for a valid body."""
    from compiler.catalog import plpgsql
    monkeypatch.setattr(plpgsql, "stand_in", lambda function: function)
    found = errors(tmp_path, PLPGSQL)
    assert [(line, path) for line, _, path, _, _ in found] == [(18, "functions.a_qualified.body")]
    assert found[0][3] == ("the PL/pgSQL body cannot be checked without a database: "
                           "LookupExplicitNamespace only supports pg_catalog and public")


# -- stand-ins never make what PostgreSQL or an extension provides -----------

def test_a_stand_in_is_not_made_for_a_function_an_extension_of_the_specs_provides(conn, tmp_path):
    """A stand-in `public.similarity(text, text)` made before up.sql would
    make its CREATE EXTENSION pg_trgm fail; psql applies up.sql fine."""
    applies(conn, tmp_path, """\
extensions: [pg_trgm]
external:
  functions:
    similarity: {args: [text, text], returns: real}
    app_score: {args: [text], returns: real}
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      a: text
    checks:
      sim: similarity(a, 'x') >= 0 and coalesce(app_score(a), 0) >= 0
""")
    assert scalar(conn, "SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid "
                        "WHERE d.objid = 'public.similarity(text, text)'::regprocedure") == "pg_trgm"
    assert scalar(conn, "SELECT to_regprocedure('public.app_score(text)') IS NOT NULL") is True  # its stand-in


def test_a_system_relation_declared_external_gets_no_stand_in(conn, tmp_path):
    applies(conn, tmp_path, """\
external:
  tables:
    pg_catalog.pg_roles: {columns: {rolname: name}}
views:
  v:
    query: select rolname from pg_catalog.pg_roles
""")


def test_an_unknown_system_relation_is_refused(tmp_path):
    [error] = errors(tmp_path, "external:\n  tables:\n    pg_catalog.pg_rolez: {columns: {rolname: name}}\n"
                     "tables:\n  t: {columns: {id: integer}}\n")
    assert error[:4] == (3, 5, "external.tables.pg_catalog.pg_rolez",
                         "PostgreSQL has no system relation `pg_catalog.pg_rolez`")


def test_a_spec_function_an_index_calls_must_be_immutable(conn, tmp_path):
    text = """\
functions:
  norm: {args: [{name: x, type: text}], returns: text, body: select lower(x)}
  norm_i: {args: [{name: x, type: text}], returns: text, body: select lower(x), volatility: immutable}
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      a: text
      g: {type: text, generated: norm(a)}
    indexes:
      - {expressions: [norm(a)]}
      - {expressions: [norm_i(a)]}
"""
    assert [(line, column, path, message) for line, column, path, message, _ in errors(tmp_path, text)] == [
        (9, 7, "tables.t.columns.g", "the generated expression of column `g` calls `norm()`, which is volatile, "
         "not immutable"),
        (11, 9, "tables.t.indexes[0]", "index `t_norm_idx` calls `norm()`, which is volatile, not immutable"),
    ]
    applies(conn, tmp_path, text.replace("generated: norm(a)", "generated: norm_i(a)")
            .replace("      - {expressions: [norm(a)]}\n", ""))


def test_plpgsql_declarations_are_read_as_postgresql_scans_them():
    from compiler.catalog.plpgsql import declarations
    body = """\
<<outer>>
DECLARE
  a record;  -- not items%ROWTYPE: a comment
  /* c */ b app.items /* d */;
  c CONSTANT "My Items"%ROWTYPE := NULL;
  d items.id%TYPE NOT NULL DEFAULT 1;
  e status[] = '{}';
  f numeric(10, 2);
  g ALIAS FOR $1;
  h NO SCROLL CURSOR (x integer) FOR SELECT x;
BEGIN
  DECLARE i app.items; BEGIN NULL; END;
END"""
    found = [(d.parts, d.suffix, d.array) for d in declarations(body)]
    assert found == [(("record",), "", False), (("app", "items"), "", False), (("My Items",), "rowtype", False),
                     (("items", "id"), "type", False), (("status",), "", True), (("numeric",), "", False),
                     (("app", "items"), "", False)]


SELF_QUALIFIED_EXPRESSIONS = """\
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      v: {type: integer, check: "t.v > 0"}
      s: text
      g: {type: integer, generated: "t.v * 2"}
    checks:
      self_q: "public.t.v < 100"
    indexes:
      - {columns: [s], where: "t.s = 'a'"}
      - {expressions: ["lower(t.s)"], name: t_lower}
"""


def test_checks_generated_columns_and_indexes_qualifying_their_own_table_verify(conn, tmp_path):
    applies(conn, tmp_path, SELF_QUALIFIED_EXPRESSIONS)
    run_script(conn, "ALTER TABLE t DROP CONSTRAINT self_q; ALTER TABLE t ADD CONSTRAINT self_q CHECK (v < 50)", "tamper")
    assert [row[0] for row in verify(conn, compile_spec(tmp_path, [tmp_path / "spec.yaml"])[1])] == \
        ["constraint self_q on public.t"]


WHOLE_ROWS_AND_SUBQUERIES = """\
roles:
  app: {}
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      name: text
      tags: "text[]"
      a: integer
    triggers:
      touch1: {function: f, timing: before, events: [update], when: "NEW IS DISTINCT FROM OLD"}
      touch2: {function: f, timing: before, events: [update], when: "to_jsonb(NEW) <> to_jsonb(OLD)"}
      touch3: {function: f, timing: before, events: [update], when: "(NEW).a <> (OLD).a"}
    rls:
      policies:
        p1: {to: [app], using: "name in (select v from (values ('a'),('b')) as x(v))"}
        p2: {to: [app], using: "exists (select 1 from unnest(tags) u where u = 'x')"}
        p3: {to: [app], using: "exists (select 1 from generate_series(1,2) g where g = 1)"}
        p4: {to: [app], using: "name = any(select x from unnest(tags) x)"}
functions:
  f:
    returns: trigger
    language: plpgsql
    body: "BEGIN RETURN NEW; END"
"""


def test_whole_rows_in_trigger_conditions_and_subqueries_of_any_kind_in_policies(conn, tmp_path):
    """`NEW IS DISTINCT FROM OLD` names whole rows, not columns; a policy's
    subquery over VALUES, unnest() or generate_series() names its own
    columns: all valid, all applied and verified."""
    applies(conn, tmp_path, WHOLE_ROWS_AND_SUBQUERIES)
