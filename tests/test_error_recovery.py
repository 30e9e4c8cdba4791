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
