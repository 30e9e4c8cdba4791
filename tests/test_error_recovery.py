"""A shape mistake in one place does not hide the other mistakes of the file:
the broken key, column or entry is reported once and left out, and the rest of
the file is still resolved and checked."""

from __future__ import annotations

import pytest

from compiler import api
from compiler.errors import SpecErrors

SPEC = """\
enums:
  PaymentStatus: [INITIATED, COMPLETED]
  Broken: {values: [A], colour: red}
tables:
  payments:
    columns:
      id: {type: uuid, primary_key: true}
      amount: {type: "numeric(18,2)", nulable: false, check: amount > > 0}
      status: {type: PaymentStatus, default: INITATED}
      customer_id: {type: uuid, references: customer.id}
      fee: {type: numeric(15,2), nullable: false}
      broken_kind: {type: Broken}
    indexes:
      - fee
  refunds:
    columns:
      id: {type: uuid, primary_key: true}
      payment_id: {type: uuid, references: payments.id, on_delete: cascde}
"""


def _errors(tmp_path):
    spec = tmp_path / "payments.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        api.load(tmp_path, [spec])
    return [(e.line, e.column, e.message) for e in caught.value.errors]


def test_every_mistake_of_the_file_is_reported_once(tmp_path):
    assert _errors(tmp_path) == [
        (3, 25, "unknown key `colour`"),
        (8, 39, "unknown key `nulable`"),
        (8, 71, 'the check is not valid SQL: syntax error at or near ">"'),
        (9, 46, "`INITATED` is not a value of enum `PaymentStatus`"),
        (10, 45, "foreign key target table `customer` does not exist"),
        (11, 30, "unknown key `2)`: the comma inside `{...}` cut the value before it in two"),
        (18, 68, "`cascde` is not allowed for `on_delete`"),
    ]


def test_no_follow_on_errors_for_what_was_left_out(tmp_path):
    messages = " ".join(m for _, _, m in _errors(tmp_path))
    assert "Broken" not in messages  # the enum was left out; the column using it raises nothing more
    assert "fee" not in messages  # the broken column was left out; the index on it raises nothing more
    assert "numeric(15" not in messages


def _load_errors(tmp_path, text: str, name: str = "spec.yaml"):
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        api.load(tmp_path, [spec])
    return [(e.line, e.column, e.message) for e in caught.value.errors]


def test_a_rule_broken_by_one_column_does_not_hide_its_siblings(tmp_path):
    """`primary_key: true, nullable: true` breaks a rule of ColumnSpec: only
    that column is left out; the other columns' mistakes are still found, and
    references to the left-out column raise nothing more."""
    errors = _load_errors(tmp_path, """\
tables:
  a:
    columns:
      id: {type: uuid, primary_key: true, nullable: true}
      x: {type: text, check: "y > 0"}
      d: {type: integer, default: x}
      n: numeric(2000)
      t: text(5)
    indexes: [id]
  b:
    columns:
      id: {type: uuid, primary_key: true}
      a_id: {type: uuid, references: a.id}
""")
    assert errors == [
        (4, 53, "a primary key column cannot be `nullable: true`"),
        (5, 31, "the check refers to column `y`, which this table does not have"),
        (6, 35, "the default cannot refer to columns (found x)"),
        (7, 17, "numeric precision must be between 1 and 1000"),
        (8, 14, "type `text` takes no modifiers"),
    ]


def test_a_broken_mixin_column_is_left_out_alone(tmp_path):
    errors = _load_errors(tmp_path, """\
mixins:
  keyed:
    columns:
      id: {type: uuid, primary_key: true, nullable: true}
tables:
  a:
    use: [keyed]
    columns:
      n: numeric(2000)
    indexes: [id]
""")
    assert errors == [(4, 53, "a primary key column cannot be `nullable: true`"),
                      (9, 17, "numeric precision must be between 1 and 1000")]


def test_a_target_that_is_not_unique_does_not_hide_set_null_on_a_not_null_column(tmp_path):
    errors = _load_errors(tmp_path, """\
tables:
  owners:
    columns:
      id: {type: uuid, primary_key: true}
      email: text
  accounts:
    columns:
      id: {type: uuid, primary_key: true}
      owner_email: {type: text, nullable: false, references: owners.email, on_delete: set_null}
""")
    assert [m for _, _, m in errors] == [
        "`owners(email)` is not a primary key or unique, so it cannot be referenced",
        "`on_delete: set_null` cannot apply to column `owner_email`, which is not nullable",
    ]


@pytest.mark.parametrize("body", ["    colums:\n      id: uuid\n",
                                  "    columns:\n      id: {type: uuid, nulable: true}\n"],
                         ids=["mistyped-columns", "only-column-broken"])
def test_no_knock_on_no_columns_error(tmp_path, body):
    errors = _load_errors(tmp_path, "tables:\n  a:\n" + body)
    assert len(errors) == 1
    assert "has no columns" not in errors[0][2]


def test_a_table_without_columns_is_still_reported(tmp_path):
    assert _load_errors(tmp_path, "tables:\n  a:\n    comment: nothing yet\n") == \
        [(2, 3, "table `a` has no columns")]


def test_a_broken_function_does_not_hide_the_tables(tmp_path):
    """A rule broken by one function leaves out that function only; a trigger
    calling it raises nothing more."""
    errors = _load_errors(tmp_path, """\
functions:
  set_updated_at:
    returns: trigger
    language: plpgsql
    security: definer
    body: BEGIN NEW.updated_at = now(); RETURN NEW; END
tables:
  accounts:
    columns:
      id: {type: uuid, primary_key: true}
      n: numeric(2000)
    triggers:
      touch: {function: set_updated_at, timing: before, events: [update]}
""")
    assert errors == [(5, 15, "`security: definer` without `search_path` lets callers hijack the names it uses"),
                      (11, 17, "numeric precision must be between 1 and 1000")]


def test_an_error_inside_a_block_is_placed_on_its_line(tmp_path):
    errors = _load_errors(tmp_path, """\
functions:
  open_count:
    returns: bigint
    body: |
      SELECT count(*)
      FORM accounts
""")
    assert errors == [(6, 12, 'the function body is not valid SQL: syntax error at or near "accounts"')]
