"""Introspection of SQL domains, composite and range types and aggregates on
PostgreSQL (tests/live_types_project: every option the catalog keeps, and
columns, arguments and results of those types): the database a migration
made reads back as its state, dependencies included; `schemac drift` finds a
hand-made change of each kind and each kind made by hand outside the specs.
"""

from __future__ import annotations

import json
import shutil

import psycopg

from compiler.apply import connect, run_script
from compiler.catalog.user_types import Aggregate, CompositeType, DomainType, RangeType, multirange_name
from compiler.cli import EXIT_FAILED, EXIT_OK, main
from compiler.generated import previous_state
from compiler.introspect import inspect_connection
from compiler.introspect.normal_form import built, in_target_words, managed_schemas, role_names
from compiler.introspect.types import type_ref
from compiler.introspect.unread import not_read
from compiler.spec.load import load_project
from tests.conftest import ROOT
from tests.live_helpers import structural_differences

PROJECT = ROOT / "tests" / "live_types_project"
KINDS = (DomainType, CompositeType, RangeType, Aggregate)


def _schemac(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _drift(capsys, project, url) -> dict[tuple[str, str], dict]:
    code, out = _schemac(capsys, "-C", str(project), "drift", "--database-url", url, "--format", "json")
    assert code == EXIT_FAILED, out
    return {(d["kind"], d["key"]): d for d in json.loads(out)["differences"]}


HAND_MADE = [
    # a change of each kind
    "ALTER DOMAIN kinds.year ADD CONSTRAINT year_even CHECK (VALUE % 2 = 0) NOT VALID",
    "ALTER TYPE kinds.address ADD ATTRIBUTE country text",
    "DROP AGGREGATE kinds.tally_of(integer)",
    "CREATE AGGREGATE kinds.tally_of(integer) (SFUNC = kinds.tally_step, STYPE = kinds.tally, INITCOND = '(1,0)')",
    "COMMENT ON TYPE kinds.numspan IS 'by hand'",
    # one of each kind outside the specs
    "CREATE DOMAIN kinds.extra_domain AS integer",
    "CREATE TYPE kinds.extra_pair AS (a integer, b integer)",
    "CREATE TYPE kinds.extra_range AS RANGE (SUBTYPE = date)",
    "CREATE AGGREGATE kinds.extra_sum(integer) (SFUNC = int4pl, STYPE = integer)",
]


def test_user_types_read_back_and_drift_finds_changes_of_each(capsys, tmp_path, database_url):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    code, out = _schemac(capsys, "-C", str(project), "generate")
    assert code == EXIT_OK, out
    with connect(database_url) as conn:
        run_script(conn, (project / "generated" / "migrations" / "0001_initial" / "up.sql").read_text(), "up.sql")
        state = previous_state(load_project(project).generated_dir, None)
        assert not_read(state) == [] and len([o for o in state if isinstance(o, KINDS)]) == 17
        live = inspect_connection(conn, managed_schemas(state), require=False, roles=role_names(state))
    # every key, type, option and name as resolving the specs gives them
    assert structural_differences(live, state) == []
    # what each needs first is what PostgreSQL records, as keys
    wanted = {o.key: o.depends_on for o in state if isinstance(o, KINDS)}
    assert {o.key: o.depends_on for o in live if isinstance(o, KINDS)} == wanted
    assert wanted["domain_type:kinds.years"] == ("domain_type:kinds.year",)
    assert wanted["domain_type:kinds.code"] == ("function:kinds.new_code()",)
    assert wanted["type:kinds.floatrange"] == ("function:kinds.float_diff(double precision, double precision)",)
    assert wanted["domain_type:kinds.home_address"] == ("type:kinds.address",)
    assert wanted["type:kinds.yearrange"] == ("domain_type:kinds.year",)
    # and with SQL texts in PostgreSQL's normal form, exactly the state
    assert in_target_words(live, built(database_url, state), state) == state

    code, out = _schemac(capsys, "-C", str(project), "drift", "--database-url", database_url)
    assert code == EXIT_OK and out.startswith("no drift"), out
    code, out = _schemac(capsys, "inspect", "--database-url", database_url, "--schema", "kinds", "--format", "json")
    assert code == EXIT_OK, out
    kinds = [o["object"] for o in json.loads(out)["objects"]]
    assert {k: kinds.count(k) for k in ("domain_type", "composite_type", "range_type", "aggregate")} == \
        {"domain_type": 5, "composite_type": 2, "range_type": 6, "aggregate": 4}
    with psycopg.connect(database_url, autocommit=True) as conn:
        for statement in HAND_MADE:
            conn.execute(statement)
    found = _drift(capsys, project, database_url)
    assert set(found) == {
        ("different", "domain_type:kinds.year"), ("different", "type:kinds.address"),
        ("different", "aggregate:kinds.tally_of(integer)"), ("different", "type:kinds.numspan"),
        ("unmanaged", "domain_type:kinds.extra_domain"), ("unmanaged", "type:kinds.extra_pair"),
        ("unmanaged", "type:kinds.extra_range"), ("unmanaged", "aggregate:kinds.extra_sum(integer)"),
    }
    fields = {key: {f["field"]: (f["expected"], f["found"]) for f in d["fields"]} for (_, key), d in found.items()}
    assert set(fields["domain_type:kinds.year"]) == {"checks"}
    assert [a["name"] for a in fields["type:kinds.address"]["attributes"][1]][-1] == "country"
    assert fields["aggregate:kinds.tally_of(integer)"] == {"initial_condition": ("(0,0)", "(1,0)")}
    assert fields["type:kinds.numspan"] == {"comment": (None, "by hand")}

    # the migration planned from the database repairs each
    code, out = _schemac(capsys, "-C", str(project), "generate", "--database-url", database_url, "--name", "repair",
                         "--allow-destructive")
    assert code == EXIT_OK, out
    with connect(database_url) as conn:
        run_script(conn, (project / "generated" / "migrations" / "0002_repair" / "up.sql").read_text(), "repair")
    code, out = _schemac(capsys, "-C", str(project), "drift", "--database-url", database_url)
    assert code == EXIT_OK and out.startswith("no drift"), out


def test_types_of_each_kind_read_as_the_catalog_spells_them():
    def info(typtype, relkind=None, schema="app", name="t"):
        return {"schema": schema, "name": name, "typtype": typtype, "relkind": relkind, "format": name, "array": False}
    read = {("app", "t")}
    assert type_ref(info("d"), 0, read).kind == "domain"
    assert type_ref(info("r"), 0, read).kind == "range"
    assert type_ref(info("c", "c"), 0, read).kind == "composite"
    assert type_ref(info("c", "r"), 0, read).kind == "table"
    # one the inspection did not read (an extension's, another schema's) is external, as the specs declare it
    assert type_ref(info("d", schema="public", name="earth"), 0, read).kind == "external"
    assert multirange_name("floatrange") == "floatmultirange"
