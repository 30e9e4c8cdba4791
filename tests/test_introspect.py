"""Introspection reads back exactly what schemac builds.

On PostgreSQL: the repository's project (its committed migrations applied
one after another), the test projects with every table feature and every
programmable object, and the RealCo example read back with the structure of
their state catalog (every key, type, flag and name), and, with SQL texts
compared in PostgreSQL's normal form (compiler/introspect/normal_form.py),
as exactly their state catalog. (Every convergence scenario's `after` is read
back in tests/test_convergence.py, after its migration ran.)

Without a database: how texts and types PostgreSQL prints become catalog
values, adoption of the target's words, and the drift report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import connect, run_script, server_version
from compiler.catalog.objects import Catalog, Column, ColumnDefault, Constraint, Table, TypeRef
from compiler.catalog.programmable import Role
from compiler.database.scratch import scratch_database
from compiler.generated import migration_dirs, previous_state
from compiler.introspect import inspect_connection
from compiler.introspect.drift import DIFFERENT, MISSING, UNMANAGED, drift, without_ignored
from compiler.introspect.normal_form import adopt, built, in_target_words, managed_schemas, role_names
from compiler.introspect.routines import _search_path, _when
from compiler.introspect.types import enum_label, type_ref
from compiler.render import harness
from tests.conftest import ROOT
from tests.live_helpers import structural_differences

PROJECTS = {
    "repository": ROOT,
    "features": ROOT / "tests" / "specs" / "features",
    "programmable": ROOT / "tests" / "specs" / "programmable",
    "realco": ROOT / "examples" / "realco" / "3_money",
    "live": ROOT / "tests" / "live_project",
}


def _applied(conn, root: Path) -> Catalog:
    """Apply the project's committed migrations (or its first migration from
    the specs); the state catalog the database should hold."""
    if root.name == "3_money":
        compiled = api.load(root, sorted(root.glob("*.yaml")))
    else:
        compiled = api.load(root)
    script = harness.external_stand_ins(compiled.catalog)
    if script:
        run_script(conn, script, "stand-ins")
    migrations = migration_dirs(compiled.project.generated_dir) if root == ROOT else []
    if migrations:
        for directory in migrations:
            run_script(conn, (directory / "up.sql").read_text(), directory.name, closed=True)
        return previous_state(compiled.project.generated_dir, compiled.catalog)
    files = api.migration("0001_test", compiled)
    run_script(conn, files.up, "up.sql", closed=True)
    return files.plan.state_after


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_a_project_reads_back_as_its_state(server_url, name):
    with scratch_database(server_url, prefix="schemac_pytest") as url, connect(url) as conn:
        if name in ("features", "live", "programmable") and server_version(conn) < 150000:
            pytest.skip("needs PostgreSQL 15")
        state = _applied(conn, PROJECTS[name])
        live = inspect_connection(conn, managed_schemas(state), require=False, roles=role_names(state))
        assert structural_differences(live, state) == []
        words = in_target_words(live, built(url, state), state)
        assert words == state
        # the comparison needed PostgreSQL: some text reads back in another form than the specs wrote it
        wanted = state.by_key()
        assert any(obj != wanted[obj.key] for obj in live if obj.key in wanted)


# ---------------------------------------------------------------- without a database

def test_types_read_as_the_catalog_spells_them():
    def info(fmt, schema="pg_catalog", name="x", typtype="b", array=False):
        return {"schema": schema, "name": name, "typtype": typtype, "format": fmt, "array": array}
    assert type_ref(info("character varying(20)"), 0) == TypeRef("character varying", None, (20,))
    assert type_ref(info("numeric(18,2)", array=True), 0) == TypeRef("numeric", None, (18, 2), 1)
    assert type_ref(info("timestamp(3) with time zone")) == TypeRef("timestamp with time zone", None, (3,))
    assert type_ref(info("integer", array=True), 2) == TypeRef("integer", None, (), 2)
    assert type_ref(info("trigger")) == TypeRef("trigger")
    assert type_ref(info("state", "app", "state", "e")) == TypeRef("state", "app", (), 0, "enum")
    assert type_ref(info("citext", "public", "citext")) == TypeRef("citext", "public", (), 0, "external")


def test_texts_postgresql_prints_become_catalog_values():
    assert enum_label("'draft'::app.status") == "draft"
    assert enum_label("'it''s'::app.status") == "it's"
    assert enum_label("('a'::text || 'b'::text)") is None
    assert enum_label("'a'::text::app.status") is None
    assert _when("CREATE TRIGGER t BEFORE UPDATE ON app.x FOR EACH ROW WHEN ((old.a IS DISTINCT FROM new.a)) "
                 "EXECUTE FUNCTION app.f()") == "(old.a IS DISTINCT FROM new.a)"
    assert _when("CREATE TRIGGER t AFTER INSERT ON app.x FOR EACH STATEMENT EXECUTE FUNCTION app.f()") is None
    assert _search_path(["search_path=app, pg_temp"]) == ("app", "pg_temp")
    assert _search_path(['search_path=""']) == ()
    assert _search_path(["work_mem=64MB"]) is None


def _table(default: str, nullable: bool = False, comment: str | None = None) -> Table:
    return Table("app", "t", (Column("id", TypeRef("integer"), False),
                              Column("n", TypeRef("numeric"), nullable, ColumnDefault(default))), comment)


def test_adopt_takes_the_targets_words_where_postgresql_reads_both_alike():
    target = _table("0")
    normal = _table("'0'::numeric")
    assert adopt(_table("'0'::numeric"), normal, target) is target
    # another column's change leaves the default in the target's words
    changed = adopt(_table("'0'::numeric", nullable=True), normal, target)
    assert changed.columns[1].default == ColumnDefault("0") and changed.columns[1].nullable is True
    # a default changed by hand stays as found
    assert adopt(_table("'1'::numeric"), normal, target).columns[1].default == ColumnDefault("'1'::numeric")


def test_drift_reports_missing_different_and_unmanaged_objects():
    expected = Catalog((_table("0"), Role("app_user"), Constraint("app", "t", "t_pkey", "primary_key", ("id",))))
    live = Catalog((_table("0", comment="by hand"), Role("intruder"),
                    Table("app", "tmp_x", (Column("id", TypeRef("integer")),))))
    found = [(d.kind, d.key) for d in drift(live, expected)]
    assert found == [(MISSING, "constraint:app.t.t_pkey"), (MISSING, "role:app_user"), (UNMANAGED, "role:intruder"),
                     (DIFFERENT, "table:app.t"), (UNMANAGED, "table:app.tmp_x")]
    assert drift(live, expected)[3].fields == (("comment", None, "by hand"),)
    patterns = ("table:app.tmp_*", "role:*")
    assert [(d.kind, d.key) for d in drift(live, expected, patterns)] == [(MISSING, "constraint:app.t.t_pkey"),
                                                                         (DIFFERENT, "table:app.t")]
    assert [o.key for o in without_ignored(live, patterns)] == ["table:app.t"]
    assert drift(expected, expected) == []
