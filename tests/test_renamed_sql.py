"""SQL texts as PostgreSQL shows them after a migration's renames
(compiler/render/renamed.py): which names change, and which do not."""

from __future__ import annotations

import pytest

from compiler.render.renamed import NameChanges, renamed_sql, same_after_renames

CHANGES = NameChanges(relations={"lots": "batches"}, columns={"batches": {"qty": "amount"}},
                      types={"Status": "JobStatus"}, functions={"double_of": "twice"}, labels={"DONE": "FINISHED"})


@pytest.mark.parametrize(("old", "new"), [
    # an output column keeps its name
    ("select id, qty from lots", "SELECT id, amount AS qty FROM batches"),
    # through an alias, and through the table's name as qualifier
    ("select l.qty from lots l where l.qty > 0", "SELECT l.amount AS qty FROM batches AS l WHERE l.amount > 0"),
    ("select lots.qty from evo.lots", "SELECT batches.amount AS qty FROM evo.batches"),
    # a CTE's and a subquery's output columns keep their names outside them
    ("with x as (select qty from lots) select qty from x",
     "WITH x AS (SELECT amount AS qty FROM batches) SELECT qty FROM x"),
    ("select s.qty from (select qty from lots) s", "SELECT s.qty FROM (SELECT amount AS qty FROM batches) AS s"),
    # functions and types; the output column named after them keeps its name
    ("select double_of(id), 'OPEN'::\"Status\" from lots",
     "SELECT twice(id) AS double_of, CAST('OPEN' AS \"JobStatus\") AS \"Status\" FROM batches"),
])
def test_queries(old, new):
    assert renamed_sql(old, CHANGES, statement=True) == new


def test_a_column_of_another_table_keeps_its_name():
    assert renamed_sql("select qty from stock", CHANGES, statement=True) is None
    assert renamed_sql("select o.qty, l.id from stock o join lots l on true", CHANGES, statement=True) == \
        "SELECT o.qty, l.id FROM stock AS o INNER JOIN batches AS l ON TRUE"


def test_expressions_of_a_table():
    assert renamed_sql("qty > 0 and lots.qty < 9", CHANGES, statement=False, table="batches") == \
        "amount > 0 AND batches.amount < 9"
    assert renamed_sql("old.qty is distinct from new.qty", CHANGES, statement=False, table="batches") == \
        "old.amount IS DISTINCT FROM new.amount"
    assert renamed_sql("qty > 0", CHANGES, statement=False, table="stock") is None


def test_labels_count_only_in_comparisons():
    assert renamed_sql("status <> 'DONE'", CHANGES, statement=False, table="batches") is None
    assert same_after_renames("status <> 'DONE'", "status <> 'FINISHED'", CHANGES, False, "batches")


def test_comparison_modulo_renames():
    old = "select l.id, l.qty from lots l"
    assert same_after_renames(old, "SELECT l.id, l.amount AS qty FROM batches l", CHANGES, True)
    assert not same_after_renames(old, "select l.id, l.amount from batches l", CHANGES, True)  # a column renamed
