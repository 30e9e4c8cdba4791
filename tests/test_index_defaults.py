"""Index and exclusion options written at their defaults (ASC, NULLS LAST
after ASC, NULLS FIRST after DESC, the column's own collation, the type's
default operator class, storage and operator class parameters at their
default values) resolve as PostgreSQL keeps them: the inspected catalog
equals the specs' object by object, and drift finds nothing."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from compiler import api
from compiler.apply import connect, run_script
from compiler.catalog.index_defaults import default_class
from compiler.catalog.objects import IndexElement, TypeRef
from compiler.cli import EXIT_OK, main
from compiler.introspect import inspect_connection
from compiler.introspect.normal_form import managed_schemas, role_names
from tests.live_helpers import structural_differences

SPEC = """\
schema: defaults
extensions: [{name: pg_trgm, schema: defaults}]
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      label: text
      code: varchar(10)
      n: bigint
      r: int4range
      tags: "text[]"
      doc: jsonb
      at: timestamptz
    indexes:
      - {columns: [{column: id, order: asc}], name: t_asc}
      - {columns: [{column: id, nulls: last}], name: t_nulls_last}
      - {columns: [{column: id, order: desc, nulls: first}], name: t_desc_first}
      - {columns: [{column: id, order: asc, nulls: last, opclass: int4_ops},
                   {column: label, collate: default, opclass: pg_catalog.text_ops}], name: t_all}
      - {columns: [{column: code, opclass: text_ops}], name: t_varchar}
      - {expressions: [{expression: lower(label), opclass: text_ops, order: asc, nulls: last}], name: t_expr}
      - {columns: [{column: n, opclass: int8_ops}], using: hash, with: {fillfactor: 75}, name: t_hash}
      - {columns: [{column: r, opclass: range_ops}], using: gist, with: {fillfactor: 90, buffering: auto},
         name: t_gist}
      - {columns: [{column: r, opclass: range_ops}], using: spgist, with: {fillfactor: 80}, name: t_spgist}
      - {columns: [{column: tags, opclass: array_ops}], using: gin,
         with: {fastupdate: on, gin_pending_list_limit: 4096}, name: t_gin}
      - {columns: [{column: doc, opclass: jsonb_ops}], using: gin, name: t_jsonb}
      - {columns: [{column: label, opclass: gist_trgm_ops, opclass_params: {siglen: 12}}], using: gist,
         name: t_trgm}
      - {columns: [id], with: {fillfactor: 90, deduplicate_items: true}, name: t_params}
      - {columns: [{column: at, opclass: timestamptz_minmax_ops}], using: brin,
         with: {pages_per_range: 128, autosummarize: off}, name: t_brin}
      - {columns: [{column: n, opclass: int8_minmax_multi_ops, opclass_params: {values_per_range: 32}}],
         using: brin, name: t_brin_multi}
    exclude:
      - {elements: [{column: r, with: "&&", opclass: range_ops}], name: t_excl}
"""


def _project(root: Path) -> Path:
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "defaults.yaml").write_text(SPEC, encoding="utf-8")
    return root


def test_options_at_their_defaults_resolve_as_postgresql_keeps_them(tmp_path):
    found = api.load(_project(tmp_path)).catalog.by_key()
    bare = {"t_asc": "id", "t_nulls_last": "id", "t_varchar": "code", "t_hash": "n", "t_gist": "r",
            "t_spgist": "r", "t_gin": "tags", "t_jsonb": "doc", "t_brin": "at"}
    for name, column in bare.items():
        assert found[f"index:defaults.{name}"].elements == (IndexElement(column=column),), name
    assert found["index:defaults.t_desc_first"].elements == (IndexElement(column="id", order="desc"),)
    assert found["index:defaults.t_all"].elements == (IndexElement(column="id"), IndexElement(column="label"))
    assert found["index:defaults.t_expr"].elements == (IndexElement(expression="lower(label)"),)
    assert found["constraint:defaults.t.t_excl"].elements == (IndexElement(column="r", operator="&&"),)
    # what is not a default stays: parameters, a class with parameters, another class
    assert found["index:defaults.t_trgm"].elements[0].opclass == "gist_trgm_ops"
    assert found["index:defaults.t_brin_multi"].elements[0].opclass == "int8_minmax_multi_ops"
    assert found["index:defaults.t_params"].parameters == (("fillfactor", "90"), ("deduplicate_items", "true"))
    assert default_class("btree", TypeRef("text", kind="domain")) is None  # unknown offline: left as written


def test_options_at_their_defaults_read_back_and_do_not_drift(database_url, tmp_path):
    root = _project(tmp_path)
    compiled = api.load(root)
    files = api.migration("0001_test", compiled)
    state = files.plan.state_after
    with connect(database_url) as conn:
        run_script(conn, files.up, "up.sql", closed=True)
        live = inspect_connection(conn, managed_schemas(state), require=False, roles=role_names(state))
    assert structural_differences(live, state) == []
    assert main(["-C", str(root), "generate"]) == EXIT_OK
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["-C", str(root), "drift", "--database-url", database_url])
    assert code == EXIT_OK, out.getvalue()
