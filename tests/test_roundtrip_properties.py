"""Round trips of generated projects on a real PostgreSQL (hypothesis).

tests/strategies/ draws whole projects (several domains and schemas, tables
with columns of many types, keys, foreign keys, indexes, enums, sequences,
views, functions, triggers, policies, grants, roles, comments, hostile
names). Each one must validate, and then:

(a) its up.sql, run by psql on a fresh database, reads back (`inspect`) as
    the specs' catalog, and verify.sql finds nothing;
(b) `schemac plan --database-url` plans nothing and `schemac drift` exits 0;
(c) its down.sql takes the database back to empty (no object, no role);
(d) `schemac import` of that database writes a project whose own migration,
    applied to a fresh database, builds the same catalog (both inspected).

Only the kinds introspection reads are generated (tests/strategies/kinds.py);
a test here fails when a switch disagrees with compiler/introspect/unread.py.
Deterministic (derandomized); SCHEMAC_HYPOTHESIS_EXAMPLES=200 runs a longer
hunt (SCHEMAC_HYPOTHESIS_IMPORT_EXAMPLES sets (d)'s count on its own).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from compiler import api
from compiler.apply import connect, run_script
from compiler.apply.psql import run_psql
from compiler.catalog.objects import Catalog
from compiler.cli import EXIT_OK, main
from compiler.database.scratch import scratch_database
from compiler.errors import SpecErrors
from compiler.introspect import inspect_connection
from compiler.introspect.normal_form import granted_schemas, managed_schemas, role_names
from compiler.introspect.unread import not_read
from tests.helpers import VERIFY_COLUMNS
from tests.import_helpers import catalog_differences
from tests.live_helpers import structural_differences
from tests.strategies import Project, projects
from tests.strategies.kinds import SWITCHES

EXAMPLES = int(os.environ.get("SCHEMAC_HYPOTHESIS_EXAMPLES", "8"))
# (d) builds two databases and imports one: fewer examples by default
IMPORT_EXAMPLES = int(os.environ.get("SCHEMAC_HYPOTHESIS_IMPORT_EXAMPLES",
                                     os.environ.get("SCHEMAC_HYPOTHESIS_EXAMPLES", "5")))
# no shrinking: a failing project is printed whole (note), and shrinking one takes minutes of databases
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    phases=(Phase.explicit, Phase.reuse, Phase.generate),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
IMPORT_SETTINGS = settings(SETTINGS, max_examples=IMPORT_EXAMPLES)


def schemac(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def _load(root: Path) -> api.Compiled:
    try:
        return api.load(root)
    except SpecErrors as exc:
        pytest.fail(f"a generated project does not validate:\n{exc}")


def _field_differences(expected, found, path: str = "") -> list[str]:
    """Where two catalog objects differ: `path: expected != found`, field by field."""
    if (dataclasses.is_dataclass(expected) and type(expected) is type(found)):
        return [d for f in dataclasses.fields(expected) if f.compare
                for d in _field_differences(getattr(expected, f.name), getattr(found, f.name), f"{path}.{f.name}")]
    if isinstance(expected, tuple) and isinstance(found, tuple) and len(expected) == len(found):
        return [d for i, (e, f) in enumerate(zip(expected, found)) for d in _field_differences(e, f, f"{path}[{i}]")]
    return [] if expected == found else [f"{path or 'object'}: {expected!r} != {found!r}"]


@pytest.fixture(scope="module")
def version(server_url) -> int:
    with connect(server_url) as conn:
        return conn.info.server_version


def _psql(url: str, path: Path) -> None:
    run = run_psql(url, path.read_bytes().decode("utf-8"))  # not read_text: it turns \r into \n
    assert run.ok, f"psql -f {path.name} failed:\n{run.stderr}"


def _verify_rows(url: str, path: Path) -> list:
    with connect(url) as conn:
        results = [r for r in run_script(conn, path.read_bytes().decode("utf-8"), "verify.sql")
                   if r.columns == VERIFY_COLUMNS]
    return sorted(results[-1].rows) if results else []


def _roles_left(url: str, roles: tuple[str, ...]) -> list[str]:
    with connect(url) as conn:
        rows = conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", [list(roles)]).fetchall()
    return sorted(row[0] for row in rows)


def round_trip(server_url: str, project, root: Path) -> None:
    """(a), (b) and (c) for `project`, written at `root`, on a fresh database of the server."""
    compiled = _load(project.write(root))
    assert not_read(compiled.catalog) == [], "a kind switched on that introspection does not read"
    code, out = schemac("-C", str(root), "generate")
    assert code == EXIT_OK, out
    migration = root / "generated" / "migrations" / "0001_initial"
    with scratch_database(server_url, prefix="schemac_hypo") as url:
        # (a) up.sql as a DBA runs it; the database reads back as the specs' catalog
        _psql(url, migration / "up.sql")
        rows = _verify_rows(url, migration / "verify.sql")
        assert rows == [], f"verify.sql: {rows}"
        with connect(url) as conn:
            live = inspect_connection(conn, managed_schemas(compiled.catalog), require=False,
                                      roles=role_names(compiled.catalog), granted=granted_schemas(compiled.catalog))
        differences = structural_differences(live, compiled.catalog)
        assert differences == [], "read back differently:\n" + "\n".join(
            f"{key}: {'; '.join(_field_differences(expected, found))}" for key, expected, found in differences)
        # (b) planned from the live database: nothing to do, and no drift
        code, out = schemac("-C", str(root), "plan", "--database-url", url)
        assert (code, out.startswith("no changes: the specs match the database")) == (EXIT_OK, True), out
        code, out = schemac("-C", str(root), "drift", "--database-url", url)
        assert code == EXIT_OK, out
        # (c) down.sql leaves nothing behind
        _psql(url, migration / "down.sql")
        with connect(url) as conn:
            left = inspect_connection(conn)
        assert [o.key for o in left] == [], f"left after down.sql: {[o.key for o in left]}"
        assert _roles_left(url, project.roles) == [], "managed roles left after down.sql"


@SETTINGS
@given(data=st.data())
def test_generated_projects_apply_read_back_plan_nothing_and_go_down(server_url, version, tmp_path_factory, data):
    project = data.draw(projects(version), label="project")
    note(str(project))
    round_trip(server_url, project, tmp_path_factory.mktemp("project"))


def _note(text: str) -> None:
    """`note` in a hypothesis test, print in another (pytest shows it when the test fails)."""
    if currently_in_test_context():
        note(text)
    else:
        print(text)


def _inspect(url: str, catalog) -> Catalog:
    """The database at `url` read as the round trips read it: the project's
    schemas, its roles, PUBLIC's and the roles' privileges on the schemas it
    grants on, every role's default privileges (as `schemac import` reads)."""
    with connect(url) as conn:
        return inspect_connection(conn, managed_schemas(catalog), require=False, roles=role_names(catalog),
                                  granted=granted_schemas(catalog), every_role=True)


def import_round_trip(server_url: str, project, root: Path) -> None:
    """(d) for `project`: its database A imported into a new project, whose
    baseline builds database B on the same server (A, and so the roles it
    made, kept until B is read: the import declares them `managed: false`)."""
    compiled = _load(project.write(root / "project"))
    code, out = schemac("-C", str(root / "project"), "generate")
    assert code == EXIT_OK, out
    up = root / "project" / "generated" / "migrations" / "0001_initial" / "up.sql"
    # the schemas of the objects, and those the specs grant privileges on (`public`): a team imports both
    schemas = sorted(set(managed_schemas(compiled.catalog)) | set(granted_schemas(compiled.catalog)))
    imported = root / "imported"
    with scratch_database(server_url, prefix="schemac_hypo_a") as a:
        _psql(a, up)
        code, out = schemac("import", "--database-url", a, "--out", str(imported),
                            *[arg for schema in schemas for arg in ("--schema", schema)])
        assert code == EXIT_OK, f"schemac import:\n{out}"
        _note("imported specs:\n" + "\n".join(f"# {p.relative_to(imported)}\n{p.read_text(encoding='utf-8')}"
                                              for p in sorted(imported.glob("specs/*.yaml"))))
        code, out = schemac("-C", str(imported), "generate", "--name", "baseline")
        assert code == EXIT_OK, f"schemac generate in the imported project:\n{out}"
        (baseline,) = (imported / "generated" / "migrations").iterdir()
        first = _inspect(a, compiled.catalog)
        with scratch_database(server_url, prefix="schemac_hypo_b") as b:
            _psql(b, baseline / "up.sql")
            second = _inspect(b, compiled.catalog)
    differences = structural_differences(second, first)
    assert differences == [], "the imported project builds another catalog:\n" + "\n".join(
        f"{key}: {'; '.join(_field_differences(expected, found))}" for key, expected, found in differences)
    texts = catalog_differences(first, second, names=())
    assert texts == [], "the imported project builds another catalog (SQL texts):\n" + "\n".join(texts)


@IMPORT_SETTINGS
@given(data=st.data())
def test_generated_projects_import_into_projects_that_build_the_same_catalog(server_url, version, tmp_path_factory,
                                                                            data):
    project = data.draw(projects(version), label="project")
    note(str(project))
    import_round_trip(server_url, project, tmp_path_factory.mktemp("import"))


# projects (d) once found not to round-trip, each with what was wrong
IMPORT_REGRESSIONS = {
    "the database-wide default privileges of a role other than the one importing were not read, so not written":
        {"roles": {"hypo reader": {}, 'hypo"w': {}},
         "default_privileges": [{"for_role": "hypo reader", "on": "sequences", "grants": {'hypo"w': ["usage"]}}]},
    "the sequence of an identity column of an UNLOGGED table (UNLOGGED with it) was listed as not expressible":
        {"tables": {"t;x": {"unlogged": True, "columns": {"id": {"type": "smallint", "primary_key": True,
                                                                  "identity": "by_default"}}}}},
    "a sequence owned by a `serial` column besides its own was taken for the serial's and not written":
        {"tables": {"t": {"columns": {"id": {"type": "serial", "primary_key": True}}}},
         "sequences": {"Order No": {"owned_by": "t.id"}}},
    "an enum column's default label that reads as a `--` comment was written bare, which the specs refuse":
        {"enums": {"Kind": ["--", "a -- b", "c"]},
         "tables": {"t": {"columns": {"k": {"type": "Kind", "default": "'--'"},
                                      "l": {"type": "Kind", "default": "'a -- b'"}}}}},
}


@pytest.mark.parametrize("spec", list(IMPORT_REGRESSIONS.values()), ids=list(IMPORT_REGRESSIONS))
def test_projects_that_once_did_not_import_round_trip(server_url, tmp_path, spec):
    roles = tuple(spec.get("roles", ()))
    project = Project({"postgres": {"min_version": 15}}, {"d0.yaml": {"domain": "core", **spec}}, roles)
    import_round_trip(server_url, project, tmp_path)


# one small project per kind that can be switched off: what unread.py must list while it is off
_TABLE = "t: {columns: {id: {type: integer, primary_key: true}, r: int4range}}"
KIND_SAMPLES = {
    "domains": "domains: {d: integer}",
    "composite_types": "types: {c: {columns: {a: text}}}",
    "range_types": "types: {r: {range: {subtype: float8}}}",
    "aggregates": "aggregates: {a: {args: [integer], state_function: int4pl, state_type: integer}}",
    "owners": f"roles: {{o: {{}}}}\nowner: o\ntables: {{{_TABLE}}}",
    "default_privileges": "roles: {o: {}}\ndefault_privileges: [{on: tables, grants: {o: [select]}}]",
    "partitions": "tables: {p: {columns: {k: integer}, partition_by: {list: [k]}, partitions: {p1: {in: [1]}}}}",
    "unlogged": "tables: {u: {columns: {k: integer}, unlogged: true}}",
    "exclusions": "tables: {t: {columns: {r: int4range}, exclude: [{elements: [{column: r, with: '&&'}]}]}}",
    "index_options": "tables: {t: {columns: {k: integer}, indexes: [{columns: [{column: k, order: desc}]}]}}",
    "column_grants": "roles: {o: {}}\ntables: {t: {columns: {k: {type: integer, grants: {o: [select]}}}}}",
    "grant_options": "roles: {o: {}}\ntables: {t: {columns: {k: integer}, grants: {o: {privileges: [select], "
                     "grant_option: true}}}}",
    "public_schema_grants": "schema_grants: {public: {public: [usage]}}",
}


def test_every_switch_has_a_sample():
    assert sorted(KIND_SAMPLES) == sorted(SWITCHES)


@pytest.mark.parametrize("kind", sorted(SWITCHES))
def test_each_switch_follows_what_introspection_reads(kind, tmp_path):
    """A kind switched off is one compiler/introspect/unread.py still lists:
    when a reader lands, turn its kind on in tests/strategies/kinds.py (the
    projects of the test above check that the kinds switched on are read)."""
    on, label = SWITCHES[kind]
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "d.yaml").write_text(KIND_SAMPLES[kind] + "\n", encoding="utf-8")
    unread = not_read(_load(tmp_path).catalog)
    if on:
        assert label not in unread, f"`{kind}` is switched on, but introspection does not read {label} yet"
    else:
        assert label in unread, (f"introspection reads {label} now (compiler/introspect/unread.py): "
                                 f"switch `{kind}` on in tests/strategies/kinds.py")


def test_an_empty_comment_is_no_comment(tmp_path):
    """`COMMENT ON ... IS ''` removes a comment: `comment: ""` is none, so
    verify.sql and the database read back agree with the specs."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "d.yaml").write_text(
        'roles: {r: {comment: ""}}\nenums: {e: {values: [a], comment: ""}}\nsequences: {s: {comment: ""}}\n'
        'tables: {t: {comment: "", columns: {id: {type: integer, primary_key: true, comment: ""}}, '
        'indexes: [{columns: [id], name: ti, comment: ""}]}}\n'
        'views: {v: {query: select 1 as one, comment: ""}}\n'
        'functions: {f: {returns: integer, body: select 1, comment: ""}}\n', encoding="utf-8")
    catalog = _load(tmp_path).catalog
    comments = [(o.key, getattr(o, "comment", None)) for o in catalog] + [
        (c.name, c.comment) for t in catalog.tables for c in t.columns]
    assert len(comments) >= 8 and all(comment is None for _, comment in comments), comments
