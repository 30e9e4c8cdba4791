"""A view, policy or SQL function body that uses a table, view or function
nothing defines is a spec error at its line, not a failure at apply time.
Built-ins (pg_catalog, information_schema) and external objects are known."""

from __future__ import annotations

import pytest

from compiler import api
from compiler.errors import SpecErrors

SPEC = """\
roles: {app_user: {}}
external:
  functions: {auth.uid: {returns: uuid}}
tables:
  deals:
    columns:
      id: {type: uuid, primary_key: true}
      owner_id: uuid
    rls:
      policies:
        own: {to: [app_user], using: owner_id = auth.uid() and user_is_staf()}
        member: {to: [app_user], using: "exists (select 1 from deal_membership m where m.deal_id = id)"}
functions:
  user_is_staff:
    returns: boolean
    body: select exists (select 1 from pg_roles where rolname = current_user)
  deal_count:
    returns: bigint
    body: select count(*) from deels
views:
  v_deals:
    query: select d.id, now() as at, lower(d.owner_id::text) from deals d join information_schema.tables t on true
  v_missing:
    query: select * from v_deal
"""


def _errors(tmp_path, text=SPEC):
    spec = tmp_path / "s.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        api.load(tmp_path, [spec])
    return [(e.line, e.message, e.hint) for e in caught.value.errors]


def test_unknown_functions_tables_and_views_are_reported_with_their_line(tmp_path):
    errors = _errors(tmp_path)
    assert [(line, message) for line, message, _ in errors] == [
        (11, "the policy expression uses function `user_is_staf`, which is not defined"),
        (12, "the policy expression uses table or view `deal_membership`, which is not defined"),
        (19, "the function body uses table or view `deels`, which is not defined"),
        (24, "the view query uses table or view `v_deal`, which is not defined"),
    ]
    hints = [hint for _, _, hint in errors]
    assert hints[0].startswith("did you mean `user_is_staff`?")
    assert hints[2].startswith("did you mean `deals`?")
    assert hints[3].startswith("did you mean `v_deals`?")


def test_declared_extensions_make_unknown_functions_acceptable(tmp_path):
    text = "extensions: [citext]\n" + SPEC
    messages = [message for _, message, _ in _errors(tmp_path, text)]
    assert not any("function `user_is_staf`" in m for m in messages)  # may come from an extension
    assert any("`deels`" in m for m in messages)  # tables are still checked
