"""Index elements with operator classes (and their parameters), collations,
order and NULLS placement, storage parameters, pgvector's and pg_trgm's
operator classes, exclusion constraints and PostgreSQL 18's temporal keys:
refused at validate where PostgreSQL would refuse them, and on a real
PostgreSQL applied, verified (a tampered one reported), changed, dropped and
rolled back."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script, server_version
from compiler.errors import SpecErrors
from tests.helpers import inventory, stand_ins, verify


def _load(tmp_path: Path, text: str, name: str = "spec", settings: str = ""):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "spec.yaml").write_text(text, encoding="utf-8")
    if settings:
        (folder / "schemac.yaml").write_text(settings, encoding="utf-8")
    return api.load(folder, [folder / "spec.yaml"])


def errors(tmp_path: Path, text: str, settings: str = "") -> list[tuple[int, int, str, str, str]]:
    with pytest.raises(SpecErrors) as caught:
        _load(tmp_path, text, settings=settings)
    return [(e.line, e.column, e.path, e.message, e.hint) for e in caught.value.errors]


def _rows(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "query")[-1].rows]


def _available(conn, *extensions: str) -> bool:
    names = {r[0] for r in _rows(conn, "SELECT name FROM pg_available_extensions")}
    return set(extensions) <= names


PG18 = "postgres: {min_version: 18}\n"

# -- refused at validate -------------------------------------------------------

ELEMENT_MISTAKES = """\
schema: app
tables:
  t:
    columns: {id: integer, title: text, n: integer, during: tstzrange, score: bigint}
    indexes:
      - {columns: [{column: title, opclass: text_patern_ops}], name: i0}
      - {columns: [{column: title, opclass: range_ops}], using: gist, name: i1}
      - {columns: [{column: n, opclass: text_pattern_ops}], name: i2}
      - {columns: [{column: title, opclass: gin_trgm_ops}], using: gin, name: i3}
      - {columns: [{column: title, order: desc}], using: hash, name: i4}
      - {columns: [{column: n, collate: C}], name: i5}
      - {columns: [{column: title, collate: en_US}], name: i6}
      - {columns: [n], with: {fillfactor: 5}, name: i7}
      - {columns: [n], with: {fill_factor: 70}, name: i8}
      - {columns: [n], using: hash, include: [title], name: i9}
      - {columns: [{column: n, opclass: int4_minmax_multi_ops, opclass_params: {values_per_range: 2}}], using: brin, name: i10}
      - {columns: [{column: n, opclass: int4_ops, opclass_params: {siglen: 2}}], name: i11}
      - {columns: [{column: title, opclass: tsvector_ops}], using: gin, name: i12}
      - {expressions: [lower(title)], using: gin, name: i13}
      - {expressions: [{expression: score + 1, opclass: text_ops}], name: i14}
"""


def test_index_element_mistakes_are_refused_where_written(tmp_path):
    found = errors(tmp_path, ELEMENT_MISTAKES)
    assert [(path, message) for _, _, path, message, _ in found] == [
        ("tables.t.indexes[0].columns[0].opclass", "unknown operator class `text_patern_ops` for index method `btree`"),
        ("tables.t.indexes[1].columns[0].opclass", "operator class `range_ops` of `gist` does not take text"),
        ("tables.t.indexes[2].columns[0].opclass", "operator class `text_pattern_ops` of `btree` does not take integer"),
        ("tables.t.indexes[3].columns[0].opclass", "operator class `gin_trgm_ops` comes from extension `pg_trgm`"),
        ("tables.t.indexes[4].columns[0].order",
         "index method `hash` does not keep an order: PostgreSQL refuses `order` here"),
        ("tables.t.indexes[5].columns[0].collate", "type integer takes no collation"),
        ("tables.t.indexes[6].columns[0].collate", "collation `en_US` is not one every PostgreSQL server has"),
        ("tables.t.indexes[7].with.fillfactor", "`fillfactor: 5` is out of range (10 to 100)"),
        ("tables.t.indexes[8].with.fill_factor", "unknown storage parameter `fill_factor`"),
        ("tables.t.indexes[9].include", "index method `hash` does not support INCLUDE columns"),
        ("tables.t.indexes[10].columns[0].opclass_params.values_per_range",
         "`values_per_range: 2` is out of range (8 to 256)"),
        ("tables.t.indexes[11].columns[0].opclass_params.siglen", "unknown operator class parameter `siglen`"),
        ("tables.t.indexes[12].columns[0].opclass", "operator class `tsvector_ops` of `gin` does not take text"),
        ("tables.t.indexes[13].expressions[0]", "the expression `lower(title)` is text, which has no default "
         "operator class for index method `gin`: PostgreSQL would refuse the index"),
        ("tables.t.indexes[14].expressions[0].opclass", "operator class `text_ops` of `btree` does not take bigint"),
    ]
    hints = {path: hint for _, _, path, _, hint in found}
    assert hints["tables.t.indexes[0].columns[0].opclass"].startswith("did you mean `text_pattern_ops`?")
    assert hints["tables.t.indexes[3].columns[0].opclass"] == "add `pg_trgm` under `extensions:`"
    assert hints["tables.t.indexes[8].with.fill_factor"] == "did you mean `fillfactor`?"
    assert "int4_ops" in hints["tables.t.indexes[2].columns[0].opclass"]
    assert all(line > 0 and column > 0 for line, column, *_ in found)


def test_an_extensions_operator_class_is_left_to_postgresql_when_the_specs_install_one(tmp_path):
    compiled = _load(tmp_path, "extensions: [hstore]\ntables:\n  t:\n    columns: {h: text}\n"
                     "    indexes:\n      - {columns: [{column: h, opclass: some_extension_ops}], using: gist}\n")
    [index] = compiled.catalog.indexes
    assert index.elements[0].opclass == "some_extension_ops"


EXCLUSION_MISTAKES = """\
schema: app
tables:
  r:
    columns: {room: integer, during: tstzrange, note: text}
    exclude:
      - {elements: [{column: room, with: "="}, {column: during, with: "&&"}]}
      - {using: gin, elements: [{column: during, with: "&&"}]}
      - {elements: [{column: durin, with: "&&"}]}
      - {elements: [{column: during, with: "@>"}]}
      - {elements: [{column: during, with: "&&"}], where: nonsense > 1}
      - {using: btree, elements: [{column: room, with: "<>"}]}
      - {elements: [{column: during, with: "<>"}]}
  shape:
    columns: {during: tstzrange}
    exclude:
      - {elements: [{column: during, with: "&&", expression: lower(during)}]}
"""


def test_exclusion_mistakes_are_refused_where_written(tmp_path):
    found = sorted(errors(tmp_path, EXCLUSION_MISTAKES), key=lambda e: e[2])
    paths = [(path, message) for _, _, path, message, _ in found]
    assert paths[0] == ("tables.r.exclude[0].elements[0]",
                        "`room WITH =` in a GiST exclusion needs extension btree_gist: integer has no GiST operator "
                        "class of its own")
    assert found[0][4] == "add `btree_gist` under `extensions:` (it gives scalar types GiST operator classes)"
    assert paths[1] == ("tables.r.exclude[1].using", "index method `gin` cannot back an exclusion constraint")
    assert paths[2] == ("tables.r.exclude[2].elements[0].column", "column `durin` does not exist in this table")
    assert found[2][4] == "did you mean `during`?"
    assert paths[3] == ("tables.r.exclude[3].elements[0].with",
                        "`@>` is not an operator an exclusion constraint can compare with")
    assert paths[4][0] == "tables.r.exclude[4].where" and "nonsense" in paths[4][1]
    assert paths[5] == ("tables.r.exclude[5].elements[0].with", "a btree exclusion compares with `=` only: "
                        "PostgreSQL would refuse the constraint")
    assert paths[6] == ("tables.r.exclude[6].elements[0].with", "tstzrange in a gist exclusion compares with `=`, "
                        "`&&`, `-|-`, not `<>`: PostgreSQL would refuse the constraint")
    assert paths[7][0] == "tables.shape.exclude[0].elements[0]"
    assert "one of `column` or `expression`" in paths[7][1]
    assert len(found) == 8


TEMPORAL = """\
schema: app
extensions: [btree_gist]
tables:
  rooms:
    columns: {id: {type: integer, nullable: false}, valid_at: {type: daterange, nullable: false}}
    primary_key: {columns: [id, valid_at], without_overlaps: true}
  stays:
    columns: {room_id: integer, valid_at: daterange, note: text}
    foreign_keys:
      - {columns: [room_id, valid_at], references: {table: rooms, columns: [id, valid_at]}, period: true}
"""


def test_temporal_keys_need_postgresql_18(tmp_path):
    found = errors(tmp_path, TEMPORAL)
    assert [(path, message) for _, _, path, message, _ in found] == [
        ("tables.rooms.primary_key.without_overlaps",
         "WITHOUT OVERLAPS needs PostgreSQL 18; this project targets 14"),
        ("tables.stays.foreign_keys[0].period", "PERIOD needs PostgreSQL 18; this project targets 14"),
    ]
    assert found[0][4].startswith("raise `postgres: {min_version: 18}` in schemac.yaml")


@pytest.mark.parametrize("change, path, message", [
    ("primary_key: {columns: [id, valid_at], without_overlaps: true}",
     "tables.rooms.primary_key.without_overlaps", "and `id` need extension btree_gist"),
    ("primary_key: {columns: [valid_at], without_overlaps: true}",
     "tables.rooms.primary_key.without_overlaps", "a key WITHOUT OVERLAPS needs at least two columns"),
    ("primary_key: {columns: [valid_at, id], without_overlaps: true}",
     "tables.rooms.primary_key.columns[1]", "column `id` is integer, not a range or multirange"),
], ids=["scalars without btree_gist", "one column", "last column not a range"])
def test_temporal_key_mistakes(tmp_path, change, path, message):
    text = TEMPORAL.replace("extensions: [btree_gist]\n", "").replace(
        "primary_key: {columns: [id, valid_at], without_overlaps: true}", change)
    found = errors(tmp_path, text.split("  stays:")[0], settings=PG18)
    assert found[0][2] == path and message in found[0][3], found


@pytest.mark.parametrize("change, path, message", [
    ("period: true}", "tables.stays.foreign_keys[0].references.columns",
     "`rooms(id, valid_at)` is not a key WITHOUT OVERLAPS, so a foreign key with PERIOD cannot reference it"),
    ("period: false}", "tables.stays.foreign_keys[0].references.columns",
     "`rooms(id, valid_at)` is a key WITHOUT OVERLAPS: PostgreSQL wants PERIOD on a foreign key to it"),
    ("period: true, on_delete: cascade}", "tables.stays.foreign_keys[0].on_delete",
     "a foreign key with PERIOD takes no `on_delete` action but no_action"),
], ids=["period to a plain key", "no period to a temporal key", "period with an action"])
def test_temporal_foreign_key_mistakes(tmp_path, change, path, message):
    text = TEMPORAL.replace("period: true}", change)
    if "plain key" in message or "cannot reference" in message:
        text = text.replace("primary_key: {columns: [id, valid_at], without_overlaps: true}",
                            "primary_key: [id, valid_at]")
    found = errors(tmp_path, text, settings=PG18)
    assert [(p, m) for _, _, p, m, _ in found] == [(path, message)] if "action" not in message else \
        found[0][2] == path and found[0][3].startswith(message)


# -- on PostgreSQL ---------------------------------------------------------------

OPTIONS = """\
schema: app
extensions: [btree_gist, pg_trgm]
tables:
  docs:
    columns:
      id: {type: integer, primary_key: true}
      title: text
      body: tsvector
      score: integer
    indexes:
      - {columns: [{column: title, opclass: gin_trgm_ops}], using: gin, with: {fastupdate: false}}
      - {columns: [{column: title, opclass: gist_trgm_ops, opclass_params: {siglen: 32}}], using: gist, name: docs_title_trgm}
      - {columns: [{column: title, collate: C, order: desc, nulls: last}, id], name: docs_title_sorted}
      - {expressions: [{expression: lower(title), opclass: text_pattern_ops}]}
      - {columns: [score], include: [title], with: {fillfactor: 70, deduplicate_items: off}}
      - {columns: [{column: body, opclass: tsvector_ops, opclass_params: {siglen: 100}}], using: gist}
      - {columns: [{column: score, opclass: int4_minmax_multi_ops, opclass_params: {values_per_range: 16}}], using: brin, with: {pages_per_range: 32}, name: docs_score_brin}
  bookings:
    columns:
      id: {type: integer, primary_key: true}
      room: integer
      during: tstzrange
      cancelled: {type: boolean, nullable: false, default: "false"}
    exclude:
      - using: gist
        elements: [{column: room, with: "="}, {column: during, with: "&&"}]
        where: not cancelled
        deferrable: initially_deferred
        comment: one booking of a room at a time
      - {elements: [{expression: "tstzrange(lower(during), upper(during), '[]')", with: "&&"}], name: bookings_cleanup_excl}
"""


def _applied_and_rolled_back(conn, compiled):
    files = api.migration("0001_test", compiled)
    stand_ins(conn, compiled)
    before = inventory(conn)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before
    run_script(conn, files.up, "up.sql")
    return files


def test_index_options_and_exclusions_apply_verify_and_roll_back(conn, tmp_path):
    compiled = _load(tmp_path, OPTIONS)
    files = _applied_and_rolled_back(conn, compiled)
    assert "EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (not cancelled) DEFERRABLE INITIALLY DEFERRED" \
        in files.up
    definitions = dict(_rows(conn, "SELECT c.relname::text, pg_get_indexdef(c.oid) FROM pg_class c "
                                   "WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'i'"))
    assert "(title COLLATE \"C\" DESC NULLS LAST, id)" in definitions["docs_title_sorted"]
    assert "gist_trgm_ops (siglen='32')" in definitions["docs_title_trgm"]
    assert "WITH (fillfactor='70', deduplicate_items=off)" in definitions["docs_score_idx"]
    # the generated names are PostgreSQL's
    names = {r[0] for r in _rows(conn, "SELECT conname::text FROM pg_constraint WHERE contype = 'x'")}
    assert names == {"bookings_room_during_excl", "bookings_cleanup_excl"}
    run_script(conn, "INSERT INTO app.bookings VALUES (1, 7, '[2026-01-01,2026-01-03)', false)", "row")
    with pytest.raises(Exception, match="conflicting key value violates exclusion constraint"):
        run_script(conn, "BEGIN; INSERT INTO app.bookings VALUES (2, 7, '[2026-01-02,2026-01-04)', false); COMMIT;",
                   "overlapping row")


@pytest.mark.parametrize("tamper, expected", [
    ("DROP INDEX app.docs_title_trgm; CREATE INDEX docs_title_trgm ON app.docs USING gist (title gist_trgm_ops)",
     ("index app.docs_title_trgm", "gist (title gist_trgm_ops (siglen='32'))", "gist (title gist_trgm_ops)")),
    ("ALTER INDEX app.docs_score_idx SET (fillfactor = 90)",
     ("index app.docs_score_idx", "btree (score) INCLUDE (title) WITH (fillfactor='70', deduplicate_items=off)",
      "btree (score) INCLUDE (title) WITH (deduplicate_items=off, fillfactor='90')")),
    ("ALTER TABLE app.bookings DROP CONSTRAINT bookings_room_during_excl; ALTER TABLE app.bookings ADD CONSTRAINT "
     "bookings_room_during_excl EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (not cancelled); COMMENT ON "
     "CONSTRAINT bookings_room_during_excl ON app.bookings IS 'one booking of a room at a time'",
     ("constraint bookings_room_during_excl on app.bookings",
      "EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT cancelled) DEFERRABLE INITIALLY DEFERRED",
      "EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT cancelled)")),
], ids=["operator class parameter", "storage parameter", "exclusion no longer deferrable"])
def test_verify_reports_a_tampered_option(conn, tmp_path, tamper, expected):
    files = api.migration("0001_test", _load(tmp_path, OPTIONS))
    run_script(conn, files.up, "up.sql")
    run_script(conn, tamper, "tamper")
    assert verify(conn, files) == [expected]


CHANGED = (OPTIONS
           .replace("opclass_params: {siglen: 32}", "opclass_params: {siglen: 64}")
           .replace("{column: title, collate: C, order: desc, nulls: last}", "{column: title, order: desc}")
           .replace("with: {fillfactor: 70, deduplicate_items: off}", "with: {fillfactor: 80}")
           .replace("where: not cancelled", "where: cancelled = false"))
CHANGED = "".join(line for line in CHANGED.splitlines(keepends=True) if "bookings_cleanup_excl" not in line)


def test_changed_options_are_dropped_and_made_again_and_down_restores_them(conn, tmp_path):
    before, after = _load(tmp_path, OPTIONS, "before"), _load(tmp_path, CHANGED, "after")
    first = api.migration("0001_before", before)
    run_script(conn, first.up, "before")
    run_script(conn, "INSERT INTO app.docs VALUES (1, 'Hello', 'hello', 3);"
                     "INSERT INTO app.bookings VALUES (1, 7, '[2026-01-01,2026-01-03)', false)", "rows")
    step = api.migration("0002_after", after, previous=before.catalog)
    kinds = [(op.kind, op.key) for op in step.plan.steps]
    # the exclusion constraints changed: online mode copies the table and swaps it in (compiler/online/table_copy.py)
    assert [k for k, key in kinds if key.startswith(("table_copy:app.bookings", "constraint:app.bookings"))] == [
        "PrepareTableCopy", "FillTableCopy", "SwapTableCopy"]
    # online mode: built under a temporary name after COMMIT, then swapped in
    assert {k for k, key in kinds if key.startswith("index:app.docs_title")} == {"BuildIndexCopy", "DropReplacedIndex",
                                                                              "RenameIndexCopy"}
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert api.plan(after.catalog, after.catalog).empty
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []
    assert _rows(conn, "SELECT count(*) FROM app.bookings") == [(1,)]
    run_script(conn, first.down, "before down")


VECTORS = """\
schema: app
extensions: [vector]
external: {types: [vector]}
tables:
  items:
    columns: {id: {type: integer, primary_key: true}, embedding: vector(3)}
    indexes:
      - {columns: [{column: embedding, opclass: vector_cosine_ops}], using: hnsw, with: {m: 16, ef_construction: 64}}
      - {columns: [{column: embedding, opclass: vector_l2_ops}], using: ivfflat, with: {lists: 1}, name: items_l2}
"""


def test_pgvector_indexes_apply_and_verify(conn, tmp_path):
    if not _available(conn, "vector"):
        pytest.skip("this server has no extension vector")
    files = _applied_and_rolled_back(conn, _load(tmp_path, VECTORS))
    assert "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)" in files.up


def test_pgvector_parameters_and_types_are_checked(tmp_path):
    found = errors(tmp_path, VECTORS.replace("m: 16", "m: 1").replace("lists: 1", "list: 1") +
                   "      - {columns: [{column: embedding, opclass: halfvec_l2_ops}], using: hnsw, name: i2}\n"
                   "      - {columns: [id], using: ivfflat, name: i3}\n")
    assert [(p, m) for _, _, p, m, _ in found] == [
        ("tables.items.indexes[0].with.m", "`m: 1` is out of range (2 to 100)"),
        ("tables.items.indexes[1].with.list", "unknown storage parameter `list`"),
        ("tables.items.indexes[2].columns[0].opclass",
         "column `embedding` is vector, which operator class `halfvec_l2_ops` does not take"),
        ("tables.items.indexes[3].columns[0]",
         "column `id` is integer, which index method `ivfflat` cannot index: PostgreSQL would refuse the index"),
    ]
    assert "vector_l2_ops" in found[2][4]


TEMPORAL_SPEC = TEMPORAL + "      - {columns: [room_id], references: {table: plain, columns: [id]}}\n" \
    "  plain:\n    columns: {id: {type: integer, primary_key: true}}\n" \
    "  rates:\n    columns: {room_id: integer, valid_at: tstzrange, price: numeric}\n" \
    "    unique: [{columns: [room_id, valid_at], without_overlaps: true}]\n"


def test_temporal_keys_apply_verify_evolve_and_roll_back(conn, tmp_path):
    if server_version(conn) < 180000:
        pytest.skip("temporal keys need PostgreSQL 18")
    compiled = _load(tmp_path, TEMPORAL_SPEC, "before", PG18)
    files = _applied_and_rolled_back(conn, compiled)
    assert "PRIMARY KEY (id, valid_at WITHOUT OVERLAPS)" in files.up
    assert "FOREIGN KEY (room_id, PERIOD valid_at) REFERENCES app.rooms (id, PERIOD valid_at)" in files.up
    assert "UNIQUE (room_id, valid_at WITHOUT OVERLAPS)" in files.up
    run_script(conn, "INSERT INTO app.rooms VALUES (1, '[2026-01-01,2026-02-01)'); INSERT INTO app.plain VALUES (1)",
               "rows")
    with pytest.raises(Exception, match="conflicting key value violates exclusion constraint"):
        run_script(conn, "INSERT INTO app.rooms VALUES (1, '[2026-01-15,2026-03-01)')", "overlap")
    with pytest.raises(Exception, match="violates foreign key constraint"):
        run_script(conn, "INSERT INTO app.stays VALUES (1, '[2026-01-20,2026-02-10)', 'x')", "out of period")
    # tampered: the key without WITHOUT OVERLAPS
    run_script(conn, "ALTER TABLE app.rates DROP CONSTRAINT rates_room_id_valid_at_key; "
                     "ALTER TABLE app.rates ADD CONSTRAINT rates_room_id_valid_at_key UNIQUE (room_id, valid_at)",
               "tamper")
    assert verify(conn, files) == [("constraint rates_room_id_valid_at_key on app.rates",
                                    "UNIQUE (room_id, valid_at WITHOUT OVERLAPS)", "UNIQUE (room_id, valid_at)")]
    run_script(conn, "ALTER TABLE app.rates DROP CONSTRAINT rates_room_id_valid_at_key; ALTER TABLE app.rates ADD "
                     "CONSTRAINT rates_room_id_valid_at_key UNIQUE (room_id, valid_at WITHOUT OVERLAPS)", "repair")
    # evolved: the foreign key loses PERIOD (and the key it references with it)
    after = _load(tmp_path, TEMPORAL_SPEC.replace(", period: true}", "}").replace(
        "primary_key: {columns: [id, valid_at], without_overlaps: true}", "primary_key: [id, valid_at]"), "after",
        PG18)
    step = api.migration("0002_after", after, previous=compiled.catalog)
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    run_script(conn, step.down, "down.sql")
    assert verify(conn, files) == []
    run_script(conn, files.down, "down")


def test_the_options_survive_state_json(tmp_path):
    """The next migration's diff reads them back from state.json."""
    from compiler.catalog import state
    for name, text, settings in (("options", OPTIONS, ""), ("temporal", TEMPORAL_SPEC, PG18)):
        catalog = _load(tmp_path, text, name, settings).catalog
        again = state.from_json(state.to_json(catalog))
        assert again == catalog
        assert api.plan(again, catalog).empty
    temporal = [c for c in catalog.constraints if c.without_overlaps or c.period]
    assert len(temporal) == 3


def test_a_temporal_foreign_key_to_an_external_table_is_trusted(tmp_path):
    compiled = _load(tmp_path, "external:\n  tables:\n    rooms:\n      columns: {id: integer, valid_at: daterange}\n"
                     "      primary_key: [id, valid_at]\ntables:\n  stays:\n    columns: {room_id: integer, "
                     "valid_at: daterange}\n    foreign_keys:\n      - {columns: [room_id, valid_at], references: "
                     "{table: rooms, columns: [id, valid_at]}, period: true}\n", settings=PG18)
    [fk] = compiled.catalog.constraints
    assert fk.period and fk.ref_columns == ("id", "valid_at")
