"""SQL domains, composite and range types, aggregates, and a table's row type
as a function argument: made, verified, tampered with, changed and dropped on
a real PostgreSQL; and the mistakes PostgreSQL would refuse, reported offline."""

from __future__ import annotations

import textwrap

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.errors import SpecErrors
from tests.helpers import applied, inventory, verify

FILMS = """\
domain: films
schema: films
domains:
  year: {type: integer, check: VALUE >= 1901 AND VALUE <= 2155, comment: a year}
  email:
    type: text
    nullable: false
    default: "'nobody@example.com'"
    collate: C
    checks: {email_has_at: "VALUE ~ '@'"}
  rating: {type: "numeric(3,1)", default: 5}
types:
  full_address: {columns: {street: text, city: {type: text, collate: C}, zip: "varchar(10)"}, comment: an address}
  floatrange: {range: {subtype: float8, subtype_diff: float8mi}}
  seconds: {range: {subtype: float8, subtype_diff: secs_between}, comment: spans of seconds}
  intspan: {range: {subtype: int4, subtype_diff: int4range_subdiff}}
functions:
  secs_between:
    args: [{name: a, type: float8}, {name: b, type: float8}]
    returns: float8
    volatility: immutable
    body: select a - b
  _group_concat:
    args: [text, text]
    returns: text
    volatility: immutable
    body: SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END
  _upper:
    args: [{name: s, type: text}]
    returns: text
    volatility: immutable
    body: select upper(s)
  film_label:
    args: [{name: f, type: film}]
    returns: text
    body: select f.title || ' (' || f.release_year || ')'
  label_of:
    args: [{name: v, type: films.film_titles}]
    returns: text
    body: select v.all_titles
  first_title:
    args: [{name: films, type: "film[]"}]
    returns: text
    body: select (films[1]).title
  addresses_of:
    args: [{name: s, type: text}]
    returns: {setof: full_address}
    body: select s, 'Springfield', '12345'
  addr_city:
    args: [{name: a, type: full_address}]
    returns: text
    language: plpgsql
    body: |
      DECLARE
        v full_address;
        y year := 2000;
      BEGIN
        v := a;
        RETURN v.city || y::text;
      END
aggregates:
  group_concat: {args: [text], state_function: _group_concat, state_type: text, parallel: safe, comment: joins texts}
  total: {args: [integer], state_function: int4pl, state_type: integer, initial_condition: 0, combine_function: int4pl}
  shout_concat:
    args: [text]
    state_function: _group_concat
    state_type: text
    final_function: _upper
    combine_function: _group_concat
    initial_condition: ""
tables:
  film:
    columns:
      film_id: {type: integer, primary_key: true}
      title: text
      release_year: year
      contact: email
      score: rating
      address: full_address
      span: floatrange
      years: year[]
views:
  film_titles:
    query: select group_concat(title) as all_titles, max(release_year::year) as newest from film
"""


def _project(tmp_path, text: str, name: str = "films"):
    folder = tmp_path / name
    (folder / "specs").mkdir(parents=True, exist_ok=True)
    (folder / "specs" / "films.yaml").write_text(textwrap.dedent(text))
    return api.load(folder)


def _errors(tmp_path, text: str) -> list[str]:
    with pytest.raises(SpecErrors) as caught:
        _project(tmp_path, text)
    return [f"{e.path}: {e.message}" for e in caught.value.errors]


# ---------------------------------------------------------------- offline

def test_types_order_what_uses_them(tmp_path):
    compiled = _project(tmp_path, FILMS)
    steps = [op.key for op in api.migration("0001_films", compiled).plan.steps]
    position = {key: i for i, key in enumerate(steps)}
    assert position["domain_type:films.year"] < position["table:films.film"]
    assert position["type:films.floatrange"] < position["table:films.film"]
    assert position["function:films.secs_between(double precision, double precision)"] < position["type:films.seconds"]
    assert position["function:films._group_concat(text, text)"] < position["aggregate:films.group_concat(text)"]
    assert position["aggregate:films.group_concat(text)"] < position["view:films.film_titles"]
    assert position["table:films.film"] < position["function:films.film_label(films.film)"]
    assert position["view:films.film_titles"] < position["function:films.label_of(films.film_titles)"]
    assert position["table:films.film"] < position["function:films.first_title(films.film[])"]
    assert position["type:films.full_address"] < position["function:films.addr_city(films.full_address)"]
    assert position["type:films.full_address"] < position["function:films.addresses_of(text)"]
    # the PL/pgSQL variable of type `year` orders the function after the domain
    assert position["domain_type:films.year"] < position["function:films.addr_city(films.full_address)"]
    up = api.migration("0001_films", compiled).up
    assert "CREATE DOMAIN films.year AS integer\n    CONSTRAINT year_check CHECK (VALUE >= 1901" in up
    assert "-- PostgreSQL also makes the multirange type films.floatmultirange" in up
    assert "-- PostgreSQL also makes the multirange type films.seconds_multirange" in up


@pytest.mark.parametrize("spec, expected", [
    ("domains: {d: {type: integer, default: \"'abc'\"}}", "domains.d.default: the default 'abc' is not a valid integer"),
    ("domains: {d: {type: boolean, default: 1}}", "domains.d.default: the default 1 is a number"),
    ("domains: {d: {type: integer, check: \"VALUE = 'x'::boolean\"}}", "domains.d.check: operator"),
    ("domains: {d: {type: integer, check: amount > 0}}", "domains.d.check: the domain check refers to column `amount`"),
    ("domains: {d: {type: integer, collate: C}}", "domains.d.collate: type `integer` takes no collation"),
    ("domains: {d: {type: nosuch}}", "domains.d.type: unknown type `nosuch`"),
    ("domains: {d: {type: integer, check: VALUE > 0, checks: {d_check: VALUE < 9}}}", "domains.d.checks.d_check: domain `d` has two checks named `d_check`"),
    ("types: {t: {columns: {a: t}}}", "types.t.columns.a: composite type `t` cannot contain itself"),
    ("types: {t: {range: {subtype: float8, subtype_diff: nosuch}}}", "types.t.range.subtype_diff: the subtype_diff function `nosuch(double precision, double precision)` is not defined"),
    ("types: {t: {columns: {}}}", "types.t.columns: a composite type needs at least one column"),
    ("types: {t: {columns: {a: text}, range: {subtype: int4}}}", "types.t: a type is either composite"),
    ("aggregates: {a: {args: [text], state_function: nosuch, state_type: text}}", "aggregates.a.state_function: the state function `nosuch(text, text)` is not defined"),
    ("functions: {f: {args: [{name: x, type: integer}], returns: integer, body: select x}}\n"
     "aggregates: {a: {args: [integer], state_function: f, state_type: integer}}",
     "aggregates.a.state_function: the state function `f(integer, integer)` is not defined"),
    ("functions: {f: {args: [{name: x, type: integer}, {name: y, type: integer}], returns: text, body: select 'a'}}\n"
     "aggregates: {a: {args: [integer], state_function: f, state_type: integer}}",
     "aggregates.a.state_function: the state function `f` does not return integer"),
    ("domains: {d: {type: integer, check: VALUE IN (SELECT 1)}}", "domains.d.check: a domain check cannot hold a subquery"),
    ("domains: {d: {type: integer, check: VALUE > max(1)}}", "domains.d.check: the domain check calls aggregate function `max`"),
    ("types: {t: {range: {subtype: json}}}", "types.t.range.subtype: type `json` has no default btree operator class"),
    ("types: {t: {range: {subtype: int4, subtype_diff: float8mi}}}", "types.t.range.subtype_diff: the subtype_diff function `float8mi` takes no (integer, integer)"),
    ("types: {t: {range: {subtype: numeric, subtype_diff: numeric_sub}}}", "types.t.range.subtype_diff: the subtype_diff function `numeric_sub` returns numeric, not double precision"),
    ("aggregates: {a: {args: [integer], state_function: textcat, state_type: text}}", "aggregates.a.state_function: the state function `textcat` takes no (text, integer)"),
    ("aggregates: {a: {args: [integer], state_function: int4pl, state_type: integer, initial_condition: abc}}", "aggregates.a.initial_condition: the initial condition 'abc' is not a valid integer"),
    ("domains: {d: pair}\ntypes: {pair: {columns: {a: d}}}", "types.pair: type `pair` is built on itself, through domain_type:public.d"),
    ("domains: {d: {type: bigint, default: \"nextval('nosuch')\"}}", "domains.d.default: the default uses sequence `nosuch`"),
    ("domains: {d: {type: text}}\ntypes: {d: {columns: {a: text}}}", "has the same name as"),
    ("types: {r: {range: {subtype: int4}}, r_multirange: {columns: {a: text}}}", "has the same name as"),
])
def test_mistakes_are_spec_errors(tmp_path, spec, expected):
    found = _errors(tmp_path, "domain: x\n" + spec + "\n")
    assert any(expected in e for e in found), found


def test_a_domain_column_and_an_unknown_type_hint(tmp_path):
    found = _errors(tmp_path, "domain: x\ndomains: {year: integer}\ntables: {t: {columns: {a: yaer}}}\n")
    assert found == ["tables.t.columns.a.type: unknown type `yaer`"]


def test_domain_base_type_change_with_other_users_than_columns_is_refused(tmp_path):
    function = "functions: {f: {args: [{name: v, type: d}], returns: integer, body: select 1}}\n"
    before = _project(tmp_path, "domain: x\ndomains: {d: integer}\ntables: {t: {columns: {a: d}}}\n" + function, "a")
    after = _project(tmp_path, "domain: x\ndomains: {d: bigint}\ntables: {t: {columns: {a: d}}}\n" + function, "b")
    with pytest.raises(SpecErrors, match="a domain's base type or collation cannot change while "
                                         "function:public.f\\(public.d\\) use it"):
        api.migration("0002_x", after, previous=before.catalog)


RETYPED = """\
domain: x
schema: x
domains:
  code: {type: "varchar(5)", check: length(VALUE) > 1}
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      a: {type: code, nullable: false}
      many: "code[]"
    checks: {a_not_x: "a <> 'xx'"}
    indexes: [a]
views:
  v: {query: "select id, a from t where a <> 'zz'"}
"""


def test_domain_base_type_change_converts_its_columns(conn, tmp_path):
    before = _project(tmp_path, RETYPED, "a")
    after = _project(tmp_path, RETYPED.replace('type: "varchar(5)", check: length(VALUE) > 1',
                                               'type: text, check: length(VALUE) > 1, comment: longer codes'), "b")
    first = applied(conn, (before, api.migration("0001_x", before)))
    run_script(conn, "INSERT INTO x.t VALUES (1, 'ab', '{cd,ef}')", "rows")
    step = api.migration("0002_x", after, previous=before.catalog)
    # online mode (the default): the domain made anew, its table copied to it (compiler/online/table_copy.py)
    assert [op.kind for op in step.plan.steps] == ["PrepareDomainCopy", "PrepareTableCopy", "FillTableCopy",
                                                   "SwapTableCopy", "SwapDomainCopy"]
    transactional = api.plan(before.catalog, after.catalog, "transactional")
    assert [op.kind for op in transactional.steps] == [
        "DropConstraintForChange", "DropForReplacement", "RemakeTypeWithColumns", "AddConstraintForChange",
        "ValidateConstraint", "CreateReplacement"]
    assert "validates_rows" in {h.value for h in transactional.hazards}
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    run_script(conn, "INSERT INTO x.t VALUES (2, 'a long code', '{}')", "rows")
    assert run_script(conn, "SELECT a, many::text FROM x.v JOIN x.t USING (id, a) ORDER BY id", "q")[-1].rows == [
        ("ab", "{cd,ef}"), ("a long code", "{}")]
    run_script(conn, "DELETE FROM x.t WHERE id = 2", "rows")
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []


def test_a_check_on_a_domain_with_array_columns_is_refused(tmp_path):
    before = _project(tmp_path, "domain: x\ndomains: {d: integer}\ntables: {t: {columns: {a: \"d[]\"}}}\n", "a")
    after = _project(tmp_path, "domain: x\ndomains: {d: {type: integer, check: VALUE > 0}}\n"
                               "tables: {t: {columns: {a: \"d[]\"}}}\n", "b")
    with pytest.raises(SpecErrors, match="while array columns of it exist \\(t.a\\)"):
        api.migration("0002_x", after, previous=before.catalog)


def test_retyping_and_adding_attributes_a_column_uses_is_refused(tmp_path):
    before = _project(tmp_path, "domain: x\ntypes: {c: {columns: {a: text}}}\ntables: {t: {columns: {x: c}}}\n", "a")
    after = _project(tmp_path, "domain: x\ntypes: {c: {columns: {a: varchar, b: text}}}\n"
                               "tables: {t: {columns: {x: c}}}\n", "b")
    with pytest.raises(SpecErrors, match="while attributes are also added or dropped"):
        api.migration("0002_x", after, previous=before.catalog)


def test_retyping_attributes_converts_the_columns(conn, tmp_path):
    spec = """\
        domain: x
        schema: x
        types: {pair: {columns: {a: "varchar(3)", b: integer}}}
        functions:
          first_of: {args: [{name: p, type: pair}], returns: text, body: select (p).a}
        tables:
          t:
            columns:
              id: {type: integer, primary_key: true}
              p: pair
        """
    before = _project(tmp_path, spec, "a")
    after = _project(tmp_path, spec.replace('a: "varchar(3)", b: integer', 'a: text, b: bigint'), "b")
    first = applied(conn, (before, api.migration("0001_x", before)))
    run_script(conn, "INSERT INTO x.t VALUES (1, ROW('abc', 7))", "rows")
    step = api.migration("0002_x", after, previous=before.catalog)
    assert [op.kind for op in step.plan.steps] == ["RemakeTypeWithColumns"]
    assert "ALTER ATTRIBUTE a TYPE text" in step.up
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert run_script(conn, "SELECT x.first_of(p), (p).b FROM x.t", "q")[-1].rows == [("abc", 7)]
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []


# ---------------------------------------------------------------- on PostgreSQL

def test_round_trip_and_tamper(conn, tmp_path):
    compiled = _project(tmp_path, FILMS)
    files = applied(conn, (compiled, api.migration("0001_films", compiled)))
    run_script(conn, "INSERT INTO films.film (film_id, title, release_year, years, span) "
                     "VALUES (1, 'a', 2001, '{2002}', '[1.5,2)'); "
                     "INSERT INTO films.film (film_id, title, release_year) VALUES (2, 'b', 1999);", "rows")
    rows = run_script(conn, "SELECT films.group_concat(title ORDER BY title), films.shout_concat(title ORDER BY title), "
                            "min(contact), films.film_label(f) FROM films.film f GROUP BY f.film_id "
                            "ORDER BY f.film_id LIMIT 1", "query")[-1].rows
    assert rows == [("a", ", A", "nobody@example.com", "a (2001)")]
    assert run_script(conn, "SELECT films.total(film_id), '[1,5)'::films.intspan::text, "
                            "'{[1,2)}'::films.intspan_multirange::text FROM films.film", "q")[-1].rows == [
        (3, "[1,5)", "{[1,2)}")]
    assert run_script(conn, "SELECT all_titles, newest FROM films.film_titles", "query")[-1].rows == [("a, b", 2001)]
    with pytest.raises(Exception, match="year_check"):
        run_script(conn, "INSERT INTO films.film (film_id, release_year) VALUES (3, 1800)", "bad row")
    run_script(conn, "DELETE FROM films.film", "rows")
    run_script(conn, """
        ALTER DOMAIN films.year DROP CONSTRAINT year_check;
        ALTER DOMAIN films.rating ADD CONSTRAINT extra CHECK (VALUE < 30.5);
        ALTER DOMAIN films.email SET DEFAULT 'a@b';
        ALTER DOMAIN films.email DROP NOT NULL;
        ALTER DOMAIN films.rating DROP DEFAULT;
        COMMENT ON DOMAIN films.year IS 'changed';
        ALTER TYPE films.full_address ADD ATTRIBUTE country text;
        CREATE OR REPLACE AGGREGATE films.group_concat(text) (SFUNC = films._group_concat, STYPE = text, INITCOND = '-');
        DROP AGGREGATE films.shout_concat(text);
        DROP FUNCTION films.film_label(films.film);
        COMMENT ON TYPE films.seconds IS NULL;
    """, "tamper")
    found = verify(conn, files)
    # pg_get_constraintdef parenthesises differently from one PostgreSQL version to another: compared as it prints
    checks = {row[0]: row for row in found if " check " in row[0]}
    assert checks["domain films.rating check extra"][1:2] == ("(none)",)
    assert "30.5" in checks["domain films.rating check extra"][2]
    assert "1901" in checks["domain films.year check year_check"][1]
    assert checks["domain films.year check year_check"][2] == "(none)"
    assert [row for row in found if " check " not in row[0]] == sorted([
        ("aggregate films.group_concat(text) initial condition", "(none)", "-"),
        ("aggregate films.group_concat(text) parallel", "safe", "unsafe"),
        ("aggregate films.shout_concat(text)", "present", "missing"),
        ("composite type films.full_address attribute 4", "(none)", "country text"),
        ("domain films.email default", "'nobody@example.com'::text", "'a@b'::text"),
        ("domain films.email nullability", "not null", "nullable"),
        ("domain films.rating default", "5", "(none)"),
        ("domain films.year comment", "a year", "changed"),
        ("function films.film_label(films.film)", "present", "missing"),
        ("range type films.seconds comment", "spans of seconds", "(none)"),
    ])
    assert len(checks) == 2


def test_round_trip_leaves_the_database_as_before(conn, tmp_path):
    compiled = _project(tmp_path, FILMS)
    before = inventory(conn)
    files = applied(conn, (compiled, api.migration("0001_films", compiled)))
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before
    rows = verify(conn, files)
    assert ("domain films.year", "present", "missing") in rows
    assert ("range type films.floatrange", "present", "missing") in rows
    assert ("aggregate films.group_concat(text)", "present", "missing") in rows


EVOLVED = FILMS.replace(
    "year: {type: integer, check: VALUE >= 1901 AND VALUE <= 2155, comment: a year}",
    "year: {type: integer, check: VALUE >= 1900 AND VALUE <= 2155, checks: {not_future: VALUE < 2100}}",
).replace(
    "    nullable: false\n    default: \"'nobody@example.com'\"\n", "    default: \"'someone@example.com'\"\n",
).replace(
    "    checks: {email_has_at: \"VALUE ~ '@'\"}\n", "",
).replace(
    "rating: {type: \"numeric(3,1)\", default: 5}", "rating: {type: \"numeric(3,1)\", nullable: false}",
).replace(
    "zip: \"varchar(10)\"}", "country: text}",
).replace(
    "parallel: safe, comment: joins texts}", "parallel: restricted, comment: joins texts with commas}",
).replace(
    "  seconds: {range: {subtype: float8, subtype_diff: secs_between}, comment: spans of seconds}\n",
    "  seconds: {range: {subtype: numeric}, comment: spans of seconds}\n",
).replace("      years: year[]\n", "")


def test_changes_in_place_and_back(conn, tmp_path):
    before = _project(tmp_path, FILMS.replace("      years: year[]\n", ""), "before")
    after = _project(tmp_path, EVOLVED, "after")
    first = applied(conn, (before, api.migration("0001_films", before)))
    run_script(conn, "INSERT INTO films.film (film_id, title, release_year, score) VALUES (1, 'a', 2001, 3)", "rows")
    step = api.migration("0002_changes", after, previous=before.catalog)
    kinds = sorted({op.kind for op in step.plan.steps})
    assert kinds == ["AddDomainCheck", "AlterAttributes", "AlterDomainDefault", "AlterDomainNullability",
                     "CommentOnUserType", "DropDomainCheck", "RecreateObject", "ReplaceAggregate",
                     "ReplaceDomainCheck", "ValidateDomainCheck"]
    assert not step.plan.reversible  # zip is dropped from the addresses film.address holds
    assert "ALTER DOMAIN films.year ADD CONSTRAINT not_future CHECK (VALUE < 2100) NOT VALID;" in step.up
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert run_script(conn, "SELECT contact FROM films.film", "q")[-1].rows == [("nobody@example.com",)]
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []


def test_a_new_check_that_stored_values_break_rolls_back(conn, tmp_path):
    before = _project(tmp_path, "domain: x\ndomains: {d: integer}\ntables: {t: {columns: {a: d}}}\n", "a")
    after = _project(tmp_path, "domain: x\ndomains: {d: {type: integer, check: VALUE > 0}}\n"
                               "tables: {t: {columns: {a: d}}}\n", "b")
    first = applied(conn, (before, api.migration("0001_x", before)))
    run_script(conn, "INSERT INTO t VALUES (-1)", "rows")
    step = api.migration("0002_x", after, previous=before.catalog)
    assert "validates_rows" in {h.value for h in step.plan.hazards}
    with pytest.raises(Exception, match="d_check"):
        run_script(conn, step.up, "up.sql")
    assert verify(conn, first) == []


def test_drops(conn, tmp_path):
    before = _project(tmp_path, FILMS, "before")
    after = _project(tmp_path, "domain: films\nschema: films\n", "after")
    applied(conn, (before, api.migration("0001_films", before)))
    step = api.migration("0002_drop", after, previous=before.catalog)
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    left = run_script(conn, "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                            "WHERE n.nspname = 'films'", "q")[-1].rows
    assert left == [(0,)]
    run_script(conn, step.down, "down.sql")
    assert verify(conn, api.migration("0001_films", before)) == []


def test_casts_order_checks_defaults_and_policies_after_the_type(tmp_path):
    compiled = _project(tmp_path, """\
        domain: x
        domains: {positive: {type: integer, check: VALUE > 0}}
        types: {pair: {columns: {a: integer, b: integer}}}
        tables:
          t:
            columns:
              id: {type: integer, primary_key: true}
              n: {type: integer, default: "1::positive", check: "n::positive > 0"}
              p: {type: text, generated: "(row(id, n)::pair).a::text"}
            indexes: [{expressions: ["(n::positive)"]}]
            rls:
              policies:
                mine: {using: "n::positive > 0"}
        """)
    catalog = compiled.catalog.by_key()
    table = catalog["table:public.t"]
    assert table.column("n").depends_on == ("domain_type:public.positive",)
    assert table.column("p").depends_on == ("type:public.pair",)
    assert catalog["constraint:public.t.t_n_check"].depends_on == ("domain_type:public.positive",)
    assert catalog["policy:public.t.mine"].depends_on == ("domain_type:public.positive",)
    assert [i.depends_on for k, i in catalog.items() if k.startswith("index:")] == [("domain_type:public.positive",)]


def test_state_json_reads_back_the_same_catalog(tmp_path):
    from compiler.catalog import state
    from compiler.diff import diff
    catalog = _project(tmp_path, FILMS).catalog
    back = state.from_json(state.to_json(catalog))
    assert back == catalog
    assert diff(back, catalog) == []


def test_new_attributes_go_last(tmp_path):
    before = _project(tmp_path, "domain: x\ntypes: {c: {columns: {a: text, b: text}}}\n", "a")
    after = _project(tmp_path, "domain: x\ntypes: {c: {columns: {z: text, a: text, b: text}}}\n", "b")
    with pytest.raises(SpecErrors, match="list a, b first, in that order"):
        api.migration("0002_x", after, previous=before.catalog)


def test_an_enum_swap_under_a_domain_is_refused(tmp_path):
    before = _project(tmp_path, "domain: x\nenums: {e: [a, b]}\ndomains: {d: e}\n", "a")
    after = _project(tmp_path, "domain: x\nenums: {e: [b, a]}\ndomains: {d: e}\n", "b")
    with pytest.raises(SpecErrors, match="domain_type:public.d would stop"):
        api.migration("0002_x", after, previous=before.catalog)
    commented = _project(tmp_path, "domain: x\nenums: {e: {values: [a, b], comment: c}}\ndomains: {d: e}\n", "c")
    assert [op.kind for op in api.migration("0002_x", commented, previous=before.catalog).plan.steps] == \
        ["CommentOnEnum"]


def test_a_domain_check_step_is_located_at_its_domain(tmp_path):
    from compiler.catalog.locate import source_of_key
    catalog = _project(tmp_path, FILMS).catalog
    source = source_of_key(catalog, "domain_type:films.year.year_check:validate")
    assert source is not None and source.path == "domains.year"


@pytest.mark.parametrize("mode, kinds", [
    ("transactional", ["DropForReplacement", "RemakeTypeWithColumns", "CreateReplacement"]),
    ("online", ["ExpandTypeSwap", "ConvertColumnRows", "ContractTypeSwap"]),  # the view made again by the contract
])
def test_a_range_type_with_columns_is_made_again_around_them(conn, tmp_path, mode, kinds):
    spec = """\
        domain: x
        schema: x
        types:
          span: {range: {subtype: float8, subtype_diff: float8mi}}
        tables:
          t:
            columns:
              id: {type: integer, primary_key: true}
              s: span
              many: "span[]"
        views:
          v: {query: "select id, s from t where not isempty(s)"}
        """
    before = _project(tmp_path, spec, "a")
    after = _project(tmp_path, spec.replace("subtype: float8, subtype_diff: float8mi", "subtype: numeric"), "b")
    first = applied(conn, (before, api.migration("0001_x", before)))
    run_script(conn, "INSERT INTO x.t VALUES (1, '[1.5,2)', '{\"[1,2)\"}')", "rows")
    step = api.migration("0002_x", after, previous=before.catalog,
                         the_plan=api.plan(before.catalog, after.catalog, mode))
    assert [op.kind for op in step.plan.steps] == kinds
    assert {"destructive", "validates_rows"} <= {h.value for h in step.plan.hazards}
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert run_script(conn, "SELECT s::text, many::text FROM x.v JOIN x.t USING (id, s)", "q")[-1].rows == [
        ("[1.5,2)", '{"[1,2)"}')]
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []


def test_an_aggregate_of_a_new_state_type_is_made_again_under_its_views(conn, tmp_path):
    spec = """\
        domain: x
        schema: x
        functions:
          add_len: {args: [{name: s, type: integer}, {name: t, type: text}], returns: integer, body: select s + length(t)}
          add_len8: {args: [{name: s, type: bigint}, {name: t, type: text}], returns: bigint, body: select s + length(t)}
        aggregates:
          total_length: {args: [text], state_function: add_len, state_type: integer, initial_condition: 0}
        tables:
          t: {columns: {id: {type: integer, primary_key: true}, name: text}}
        views:
          lengths: {query: select x.total_length(name) as n from t}
          doubled: {query: select n * 2 as n2 from lengths}
        """
    before = _project(tmp_path, spec, "a")
    after = _project(tmp_path, spec.replace("state_function: add_len, state_type: integer",
                                            "state_function: add_len8, state_type: bigint"), "b")
    first = applied(conn, (before, api.migration("0001_x", before)))
    run_script(conn, "INSERT INTO x.t VALUES (1, 'abc'), (2, 'de')", "rows")
    step = api.migration("0002_x", after, previous=before.catalog)
    assert [op.kind for op in step.plan.steps] == ["DropForReplacement", "DropForReplacement", "RecreateObject",
                                                   "CreateReplacement", "CreateReplacement"]
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert run_script(conn, "SELECT n2, pg_typeof(n2)::text FROM x.doubled", "q")[-1].rows == [(10, "bigint")]
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []


def test_names_longer_than_postgresql_allows(tmp_path):
    found = _errors(tmp_path, f"domain: x\ntypes: {{{'t' * 64}: {{columns: {{{'a' * 64}: text}}}}}}\n"
                              f"domains: {{d: {{type: integer, checks: {{{'c' * 64}: VALUE > 0}}}}}}\n")
    assert any("type name" in e and "64 bytes" in e for e in found), found
    assert any("attribute name" in e for e in found), found
    assert any("check name" in e for e in found), found


def test_multirange_names_as_postgresql_makes_them():
    from compiler.catalog.user_types import multirange_name
    assert multirange_name("floatrange") == "floatmultirange"
    assert multirange_name("rangefloat_range") == "multirangefloat_range"
    assert multirange_name("span") == "span_multirange"
    assert multirange_name("a" * 58 + "range") == "a" * 58 + "multi"
    assert multirange_name("b" * 63) == "b" * 52 + "_multirange"


def test_names_that_need_quotes(conn, tmp_path):
    compiled = _project(tmp_path, """\
        domain: x
        schema: Odd Schema
        domains:
          Year: {type: integer, checks: {"Not Zero": VALUE <> 0}}
        types:
          Full Address: {columns: {Street Name: text, "select": text}}
          Span: {range: {subtype: int4}}
        functions:
          join text:
            args: [{name: a, type: text}, {name: b, type: text}]
            returns: text
            body: select a || b
        aggregates:
          Group Concat: {args: [text], state_function: join text, state_type: text}
        tables:
          T:
            columns:
              id: {type: integer, primary_key: true}
              y: Year
              addr: Full Address
              s: Span
        """)
    files = applied(conn, (compiled, api.migration("0001_x", compiled)))
    assert '"Odd Schema"."Span_multirange"' in files.up
    run_script(conn, """
        ALTER DOMAIN "Odd Schema"."Year" DROP CONSTRAINT "Not Zero";
        ALTER TYPE "Odd Schema"."Full Address" RENAME ATTRIBUTE "select" TO chosen;
        DROP AGGREGATE "Odd Schema"."Group Concat"(text);
    """, "tamper")
    assert [row[0] for row in verify(conn, files)] == [
        'aggregate "Odd Schema"."Group Concat"(text)',
        'composite type "Odd Schema"."Full Address" attribute 2',
        'domain "Odd Schema"."Year" check "Not Zero"',
    ]


def test_a_domain_default_waits_for_its_sequence(conn, tmp_path):
    compiled = _project(tmp_path, """\
        domain: x
        sequences: {ticket_no: {start: 100}}
        domains: {ticket: {type: bigint, default: "nextval('ticket_no')"}}
        tables: {t: {columns: {id: {type: integer, primary_key: true}, n: ticket}}}
        """)
    assert compiled.catalog.by_key()["domain_type:public.ticket"].depends_on == ("sequence:public.ticket_no",)
    applied(conn, (compiled, api.migration("0001_x", compiled)))
    run_script(conn, "INSERT INTO t (id) VALUES (1)", "rows")
    assert run_script(conn, "SELECT n FROM t", "q")[-1].rows == [(100,)]


def test_a_domain_and_a_type_in_another_schema_of_the_domain(conn, tmp_path):
    compiled = _project(tmp_path, """\
        domain: x
        schema: app
        schemas: [lib]
        domains: {lib.year: {type: integer, check: VALUE > 1900}}
        types: {lib.pair: {columns: {a: integer, b: integer}}}
        tables: {t: {columns: {id: {type: integer, primary_key: true}, y: lib.year, p: lib.pair}}}
        """)
    keys = set(compiled.catalog.by_key())
    assert {"domain_type:lib.year", "type:lib.pair", "table:app.t"} <= keys
    applied(conn, (compiled, api.migration("0001_x", compiled)))
