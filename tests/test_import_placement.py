"""The pieces every writer of `schemac import` shares: placements merged
into documents in the spec language's order, and the context that spells
references and types so the name lookup finds them again."""

from __future__ import annotations

import pytest

from compiler.catalog.objects import Catalog, Column, Enum, Schema, Table, TypeRef
from compiler.importer.context import Unexpressible, WriteContext, file_name
from compiler.importer.placement import Placement, PlacementConflict, merge


def test_merge_orders_sections_and_appends_by_order_key():
    placements = [
        Placement("app", ("tables", "b", "indexes"), {"columns": ["y"]}, append=True, order="index:app.b_y"),
        Placement("app", ("tables", "b"), {"columns": {"x": {"type": "text"}, "y": {"type": "integer"}}}),
        Placement("app", ("tables", "b", "indexes"), {"columns": ["x", "y"]}, append=True, order="index:app.b_x"),
        Placement("app", ("tables", "b", "comment"), "B"),
        Placement("app", ("enums", "mood"), {"values": ["sad", "ok"]}),
        Placement("app", (), {"schema": "app", "domain": "app"}),
        Placement("app", ("tables", "b", "columns", "x", "nullable"), False),
        Placement("other", ("tables", "t", "primary_key"), {"columns": ["id"]}),
    ]
    documents = merge(placements)
    assert list(documents) == ["app", "other"]
    app = documents["app"]
    assert list(app) == ["domain", "schema", "enums", "tables"]  # DomainSpec's field order
    assert app["enums"] == {"mood": ["sad", "ok"]}  # short form
    table = app["tables"]["b"]
    assert list(table) == ["columns", "indexes", "comment"]  # TableSpec's field order
    assert table["columns"] == {"x": {"type": "text", "nullable": False}, "y": "integer"}
    assert table["indexes"] == [["x", "y"], "y"]  # sorted by their order keys, in short form
    assert documents["other"]["tables"]["t"]["primary_key"] == "id"


def test_merge_refuses_two_values_for_one_leaf():
    with pytest.raises(PlacementConflict, match="tables.t.comment"):
        merge([Placement("d", ("tables", "t", "comment"), "one"), Placement("d", ("tables", "t", "comment"), "two")])
    # the same value twice is no conflict
    assert merge([Placement("d", ("schema",), "s"), Placement("d", ("schema",), "s")]) == {"d": {"schema": "s"}}


def _catalog() -> Catalog:
    text = TypeRef("text")
    return Catalog((Schema("sales"), Table("public", "users", (Column("id", text),)),
                    Table("sales", "users", (Column("id", text),)), Table("sales", "orders", (Column("id", text),)),
                    Enum("sales", "status", ("open",)), Enum("public", "date", ("x",))))


def test_names_are_bare_only_where_the_lookup_finds_that_object():
    ctx = WriteContext.build(_catalog())
    assert ctx.domain_of("sales") == "sales" and ctx.domain_of("public") == "public"
    assert ctx.schema_of("sales") == "sales"
    assert ctx.name("sales", "sales", "orders") == "orders"
    assert ctx.name("public", "sales", "orders") == "orders"  # unique in every domain
    assert ctx.name("sales", "sales", "users") == "users"  # its own domain's first
    assert ctx.name("sales", "public", "users") == "public.users"
    assert ctx.name("public", "sales", "users") == "sales.users"
    with pytest.raises(Unexpressible, match="dot"):
        ctx.name("sales", "sales", "a.b")


def test_type_names_are_written_as_people_write_them():
    ctx = WriteContext.build(_catalog())
    assert ctx.type_name("sales", TypeRef("timestamp with time zone")) == "timestamptz"
    assert ctx.type_name("sales", TypeRef("character varying", modifiers=(20,))) == "varchar(20)"
    assert ctx.type_name("sales", TypeRef("numeric", modifiers=(4, 2))) == "numeric(4,2)"
    assert ctx.type_name("sales", TypeRef("text", array_dims=1)) == "text[]"
    assert ctx.type_name("sales", TypeRef("character", modifiers=(1,))) == "char(1)"
    assert ctx.type_name("sales", TypeRef("status", "sales", kind="enum")) == "status"
    assert ctx.type_name("public", TypeRef("status", "sales", kind="enum", array_dims=1)) == "status[]"
    assert ctx.type_name("public", TypeRef("vector", "public", kind="external")) == "public.vector"
    assert ctx.external_types_used == {"public": {"public.vector"}}
    with pytest.raises(Unexpressible):  # an enum `date` hides the built-in type, which has no other name
        ctx.type_name("sales", TypeRef("date"))


def test_domain_file_names_are_plain_and_unique():
    taken: set[str] = set()
    assert file_name("sales", taken) == "sales"
    assert file_name("Sales", taken) == "Sales_2"
    assert file_name("a/b c", taken) == "a_b_c"


def test_yaml_text_reads_back_as_the_documents_it_was_made_from():
    """Texts of every awkward kind (YAML indicators, words YAML reads as
    other types, line breaks, tabs, control characters) read back as
    themselves, with the pure and the C loader."""
    import random

    import yaml

    from compiler.importer.yaml_text import dump
    pieces = list("ab :#-'\"\n\t\\{}[],|>&*!%@`?") + [
        "\x85", "\u2028", "é", "\x01", "\x7f", "true", "null", "3", "1e3", "~", "yes", "0x1F", "2024-01-01", "<<"]
    rng = random.Random(11)

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
    for _ in range(400):
        document = {"tables": {text() or "t": {"columns": {text() or "c": {"type": text(), "comment": text()}},
                                               "indexes": [text(), {"a": text(), "b": [text()]}],
                                               "body": text() + "\n" + text()}}, text() or "x": text()}
        written = dump(document)
        assert yaml.load(written, Loader=yaml.CSafeLoader) == document, written
        assert yaml.safe_load(written) == document, written
