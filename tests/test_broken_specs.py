"""A corpus of broken specs, each with the exact place and words of its error.

Every case in tests/broken/ is a small spec with one kind of mistake. The
table below says where each error must be reported (line and column, both
1-based), what the source text at that place starts with (so a reader sees
what the column points at, and a wrong column cannot pass by accident), the
exact message, and a part of the hint. Every error must carry a hint, and no
exception other than SpecErrors may escape.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from compiler import api
from compiler.errors import SpecError, SpecErrors

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).resolve().parent / "broken"


class E(NamedTuple):
    line: int
    column: int
    at: str  # what the line holds from `column` on
    message: str  # exact; `{file}` stands for the file the error names
    hint: str  # a part of the hint
    file: str | None = None  # for cases of several files: the file name


CASES = [
    # --- YAML itself --------------------------------------------------------
    ("yaml_syntax", [
        E(4, 11, "{type: uuid, primary_key: true", "YAML syntax error: the `{` opened here is not closed",
          "add the missing `}` (the parser gave up at line 5, column 11)"),
    ]),
    ("tab_indent", [
        E(4, 1, "\tid: uuid", "YAML syntax error: a tab character is used for indentation",
          "YAML indents with spaces only; replace the tab with spaces"),
    ]),
    ("bad_indent", [
        E(5, 6, "name: text", "YAML syntax error: this line is not indented like the keys above it",
          "the mapping that starts at line 3 has its keys in column 5"),
    ]),
    ("unclosed_quote", [
        E(3, 14, '"Customer accounts', "YAML syntax error: the quoted value that starts here is not closed",
          "add the closing quote"),
    ]),
    ("control_character", [
        E(3, 22, "\x07 accounts", "the file holds the control character U+0007, which YAML does not allow",
          "delete it"),
    ]),
    ("control_character_in_name", [
        E(2, 3, '"accounts\\nCREATE TABLE', "`accounts\\nCREATE TABLE injected (i int);--` holds the control "
          "character U+000A (line feed), which no name may hold", "a name may hold any character but control"),
        E(6, 25, '"CLOSED\\r', "`CLOSED\\r\\! touch owned` holds the control character U+000D (carriage return), "
          "which no name may hold", "docs/spec-language.md, Names"),
    ]),
    ("nul_character", [
        E(2, 25, '"CLOSED\\0"', "this value holds a NUL character (`\\0`)", "PostgreSQL text and names cannot hold NUL"),
    ]),
    ("duplicate_key", [
        E(6, 7, "name: varchar(20)", "duplicate key `name`",
          "it is already defined at line 5; YAML keeps only one"),
    ]),
    ("complex_key", [
        E(4, 9, "[id, name]", "a mapping key must be a plain name", "write the key as text"),
    ]),
    ("multi_document", [
        E(5, 1, "---", "a spec file holds one YAML document, this one holds several",
          "split the documents into separate files"),
    ]),
    ("empty_file", [
        E(1, 1, "", "the spec file is empty", "start with `tables:` or `enums:`"),
    ]),
    ("top_level_list", [
        E(1, 1, "- tables:", "a spec file must be a mapping (`tables:`, `enums:`, ...)", "docs/spec-language.md"),
    ]),
    ("flow_mapping_comma", [
        E(5, 34, "2), nullable", "unknown key `2)`: the comma inside `{...}` cut the value before it in two",
          'quote a value that contains one, e.g. `type: "numeric(15,2)"`'),
    ]),
    # --- shape of the spec (Pydantic models) --------------------------------
    ("unknown_key_nulable", [
        E(5, 26, "nulable: false", "unknown key `nulable`", "did you mean `nullable`? valid keys here: type, nullable,"),
    ]),
    ("unknown_top_level_key", [
        E(2, 1, "tabels:", "unknown key `tabels`", "did you mean `tables`? valid keys here: domain,"),
    ]),
    ("list_for_mapping", [
        E(4, 7, "- id", "`columns` must be a mapping of `key: value` entries, found a list",
          "indent the entries below this key"),
    ]),
    ("mapping_for_text", [
        E(4, 7, "text: Customer accounts", "`comment` must be text, found a mapping", "quote it if it contains ': '"),
    ]),
    ("bad_boolean", [
        E(5, 36, "maybe}", "`nullable` must be true or false, not `maybe`", "write true or false"),
    ]),
    ("bad_on_delete", [
        E(8, 64, "cascde}", "`cascde` is not allowed for `on_delete`",
          "did you mean `cascade`? use one of: no_action, restrict, cascade, set_null, set_default"),
    ]),
    ("missing_required_key", [
        E(7, 9, "references: {table: owners", "`columns` is required here", "add `columns:` to this mapping"),
    ]),
    ("duplicate_enum_value", [
        E(2, 33, "OPEN]", "enum value `OPEN` is listed twice", "remove the repeated value"),
    ]),
    ("identity_and_default", [
        E(4, 72, '"0"}', "a column cannot have both `identity` and `default`",
          "an identity column gets its values from its sequence"),
    ]),
    ("generated_with_default", [
        E(9, 20, "(balance * 100)::bigint", "a generated column cannot also have `default` or `identity`",
          "the column's value comes from `generated`"),
    ]),
    ("nullable_primary_key", [
        E(4, 53, "true}", "a primary key column cannot be `nullable: true`", "primary key columns are always NOT NULL"),
    ]),
    ("on_delete_without_references", [
        E(5, 41, "cascade}", "`on_delete` needs `references`", "add `references: table.column`"),
    ]),
    # --- types ----------------------------------------------------------------
    ("unknown_type", [
        E(5, 19, "timestampz", "unknown type `timestampz`",
          "did you mean `timestamptz`? A type from an extension goes under `external: {types: [...]}`"),
    ]),
    ("serial_type", [
        E(4, 18, '"serial[]"', "`serial` is not a type but a shorthand for an integer column with a sequence of its own",
          "use an integer type with `identity: by_default`"),
    ]),
    ("numeric_precision", [
        E(5, 23, "(2000)", "numeric precision must be between 1 and 1000", "e.g. numeric(18,2)"),
    ]),
    ("text_modifier", [
        E(5, 17, "(5)", "type `text` takes no modifiers", "`text` has no length limit; use varchar(n)"),
    ]),
    ("unknown_enum_type", [
        E(7, 15, "AccountStatu", "unknown type `AccountStatu`", "did you mean `AccountStatus`?"),
    ]),
    ("enum_default_not_value", [
        E(7, 46, "OPNE}", "`OPNE` is not a value of enum `AccountStatus`",
          "did you mean `OPEN`? values of `AccountStatus`: OPEN, CLOSED"),
    ]),
    # --- columns named by keys and expressions --------------------------------
    ("index_unknown_column", [
        E(7, 9, "emial", "column `emial` does not exist in this table", "did you mean `email`?"),
        E(8, 35, "emali]}", "column `emali` does not exist in this table", "did you mean `email`?"),
    ]),
    ("unique_unknown_column", [
        E(7, 14, "emial]", "column `emial` does not exist in this table", "did you mean `email`?"),
    ]),
    ("primary_key_unknown_column", [
        E(6, 30, "ident]", "column `ident` does not exist in this table", "columns of this table: tenant_id, id"),
    ]),
    ("check_syntax_error", [
        E(5, 58, "> 0}", 'the check is not valid SQL: syntax error at or near ">"',
          "write the expression as PostgreSQL would accept it"),
    ]),
    ("check_missing_column", [
        E(8, 25, "balanse >= 0", "check `balance_positive` refers to column `balanse`, which this table does not have",
          "did you mean `balance`?"),
        E(9, 32, "creditLimit", "check `within_limit` refers to column `creditlimit`, which this table does not have",
          'quote mixed-case names: "creditLimit"; in YAML quote the whole expression: '
          '`within_limit: \'balance <= "creditLimit"\'`'),
    ]),
    ("index_expression_syntax", [
        E(7, 36, '"], unique', "the index expression is not valid SQL: syntax error at end of input",
          "a parenthesis or a quote is left open"),
        E(8, 36, "emial IS NOT NULL", "the index predicate refers to column `emial`, which this table does not have",
          "did you mean `email`?"),
    ]),
    ("default_refers_to_column", [
        E(6, 57, "balance}", "the default cannot refer to columns (found balance)",
          "a value computed from other columns is a `generated:` column"),
    ]),
    ("function_body_missing_column", [
        E(14, 73, "p.role = 'staff')", "the function body reads column `role`, which table public.profiles does not have",
          "declare it under `external: tables: profiles: columns:`"),
        E(18, 54, "notes.bodies is not null", "the function body reads column `bodies`, which table public.notes does not have",
          "did you mean `body`?"),
        E(23, 49, "p_deal_id", "the function body reads `p_deal_id`, which is neither a column of table public.notes "
          "nor an argument", "did you mean `deal_id`?"),
        E(27, 19, "p_value", "the function body reads `p_value`, which is not an argument",
          "the function has no arguments"),
        E(36, 20, "p_deal_id", "the function body reads `p_deal_id`, which is neither a column of table public.notes, "
          "subquery c nor an argument", "did you mean `deal_id`?"),
        E(36, 48, "c.total", "the function body reads column `total`, which subquery c does not have",
          "did you mean `notes_total`?"),
    ]),
    ("type_mistakes", [
        E(7, 41, "char_length('x')\"}", "the default is of type integer, which PostgreSQL does not assign to a column of type boolean",
          "write a value of the column's type"),
        E(8, 37, "now()}", "the default is of type timestamp with time zone, which PostgreSQL does not assign to a "
          "column of type public.state", "write a value of the column's type"),
        E(12, 24, "= note", "operator does not exist: uuid = text", "cast one side explicitly"),
        E(13, 44, "= note", "operator does not exist: public.state = text", "cast one side explicitly"),
        E(15, 32, "id}", "the index predicate must be boolean, not integer", "write a condition"),
        E(17, 72, "gen_random_uuid()}", "the trigger condition must be boolean, not uuid", "write a condition"),
        E(21, 38, '0"}', "the default is of type integer, which PostgreSQL does not assign to a column of type "
          "public.state", "write a value of the column's type"),
        E(25, 46, "~ 'x'", "operator does not exist: timestamp without time zone ~ unknown", "cast one side explicitly"),
        E(29, 24, "= round", "operator does not exist: uuid = numeric", "cast one side explicitly"),
    ]),
    ("function_search_path_misses_table", [
        E(10, 18, "[public]", "the function body reads `orders` of schema `app`, which the function's search_path "
          "(public) does not include, so PostgreSQL cannot find it", "add `app` to `search_path:`"),
    ]),
    ("function_call_arity", [
        E(19, 18, "is_staff()", "the function body calls `is_staff` with 0 argument(s), which no function of the specs "
          "by that name takes", "the specs define public.is_staff(integer)"),
        E(19, 70, "total(1, 2, 3)", "the function body calls `total` with 3 argument(s), which no function of the specs "
          "by that name takes", "the specs define public.total(integer, integer)"),
        E(22, 23, "is_staff(id, 2)", "the view query calls `is_staff` with 2 argument(s), which no function of the specs "
          "by that name takes", "the specs define public.is_staff(integer)"),
    ]),
    ("policy_subquery_types", [
        E(15, 78, "= invoice_id", "operator does not exist: uuid = text", "cast one side explicitly"),
        E(17, 87, "= other_id", "operator does not exist: text = uuid", "cast one side explicitly"),
    ]),
    ("foreign_table_in_expression", [
        E(14, 12, "invoices.id", 'missing FROM-clause entry for table "invoices"', "another table is read in a subquery"),
        E(16, 33, "profiles.id", 'missing FROM-clause entry for table "profiles"', "another table is read in a subquery"),
        E(20, 34, "investors.id", 'missing FROM-clause entry for table "investors"', "another table is read in a subquery"),
    ]),
    ("external_table_in_created_schema", [
        E(4, 5, "users:", "external table `users` is in schema `app`, which the migrations create ({file}:1): a table "
          "that exists already needs its schema to exist already", "qualify it with the schema it lives in"),
    ]),
    ("trailing_line_comment", [
        E(5, 33, '"v > 0 -- positive"', "a `--` comment ends this SQL text, and would swallow what schemac writes "
          "after it", "move the comment to a line of its own above"),
        E(5, 63, '"1 -- one"', "a `--` comment ends this SQL text, and would swallow what schemac writes after it",
          "write it /* like this */"),
        E(8, 12, "|", "a `--` comment ends this SQL text, and would swallow what schemac writes after it",
          "move the comment to a line of its own above"),
    ]),
    ("grant_privilege_upper_case", [
        E(8, 11, "SELECT]", "`SELECT` is not allowed in the list `r`", "write it in lower case: `select`"),
    ]),
    ("policy_without_roles", [
        E(9, 19, "[]", "a policy applies to at least one role", "leave `to:` out for every role (PUBLIC)"),
    ]),
    ("policy_public_and_roles", [
        E(9, 30, "public]", "`public` is every role: PostgreSQL ignores the other roles of the policy's `to:`",
          "write `to: [public]`"),
    ]),
    ("default_refers_to_qualified_column", [
        E(6, 57, "accounts.balance}", "the default cannot refer to columns (found accounts.balance)",
          "a value computed from other columns is a `generated:` column"),
    ]),
    # --- foreign keys -----------------------------------------------------------
    ("fk_missing_table", [
        E(8, 42, "ownres.id}", "foreign key target table `ownres` does not exist", "did you mean `owners`?"),
    ]),
    ("fk_missing_column", [
        E(8, 49, "ident}", "table `owners` has no column `ident`", "columns of `owners`: id"),
    ]),
    ("fk_list_unknown_target_column", [
        E(14, 58, "owner_id]}", "table `owners` has no column `owner_id`", "columns of `owners`: tenant_id, id"),
    ]),
    ("fk_target_not_unique", [
        E(9, 52, "email}", "`owners(email)` is not a primary key or unique, so it cannot be referenced",
          "reference a key of `owners` (keys: id) or declare those columns unique there"),
    ]),
    ("fk_type_mismatch", [
        E(8, 51, "id}", "column `owner_id` is bigint but `owners.id` is uuid",
          "make `owner_id` type uuid; a foreign key needs comparable types"),
    ]),
    ("fk_type_changed_on_one_side", [
        E(9, 53, "id}", "column `account_id` is uuid but `accounts.id` is text",
          "make `account_id` type text; a foreign key needs comparable types (the two sides may change type "
          "in one migration"),
        E(12, 89, "a, b]}", "column `account_id` is uuid but `payments_pair.a` is text",
          "make `account_id` type text"),
    ]),
    ("fk_column_count", [
        E(14, 46, "[id]}", "the foreign key has 2 column(s) but references 1",
          "list as many referenced columns as referencing ones"),
    ]),
    ("set_null_not_null", [
        E(8, 81, "set_null}", "`on_delete: set_null` cannot apply to column `owner_id`, which is not nullable",
          "make the column nullable, or choose"),
    ]),
    # --- tables, mixins, keys ---------------------------------------------------
    ("mixin_unknown", [
        E(7, 11, "timestamp]", "unknown mixin `timestamp`", "did you mean `timestamps`?"),
    ]),
    ("mixin_column_collision", [  # `owners` marks its column `override: true`: no error there
        E(10, 7, "created_at: timestamptz", "column `created_at` is also defined by mixin `timestamps`",
          "mark it `override: true`"),
    ]),
    ("table_no_columns", [
        E(2, 3, "accounts:", "table `accounts` has no columns", "add `columns:`"),
    ]),
    ("primary_key_twice", [
        E(6, 5, "primary_key: [tenant_id, id]", "the primary key is declared both at table level and on column `id`",
          "keep one declaration"),
    ]),
    ("nulls_not_distinct_pg14", [
        E(7, 48, "true}", "NULLS NOT DISTINCT needs PostgreSQL 15; this project targets 14",
          "raise `postgres: {min_version: 15}` in schemac.yaml"),
    ]),
    # --- names ------------------------------------------------------------------
    ("case_duplicate_tables", [
        E(5, 3, "accounts:", "table `accounts` differs only in case from table `Accounts` ({file}:2) "
          "in schema `public` (tables, views and indexes share one namespace)", "rename one of them"),
    ]),
    ("case_duplicate_columns", [
        E(6, 7, "Email: text", "column `Email` differs only in case from column `email` ({file}:5) in table `accounts`",
          "rename one of them"),
    ]),
    ("enum_name_clash", [
        E(4, 3, "accounts:", "table `accounts` has the same name as enum `accounts` ({file}:2) "
          "in schema `public` (each table and view also defines a type of its name)", "give one of them another name"),
    ]),
    ("truncated_name_collision", [
        E(9, 9, "reconciliation_reference_number_secondary",
          "index `customer_account_balance_reco_reconciliation_reference_numb_idx` has the same name as index "
          "`customer_account_balance_reco_reconciliation_reference_numb_idx` ({file}:8) "
          "in schema `public` (tables, views and indexes share one namespace)",
          "PostgreSQL truncates generated names to 63 bytes, which made these two collide"),
    ]),
    ("name_too_long", [
        E(5, 7, "the_date_on_which_this_account",
          "column name `the_date_on_which_th…` is 67 bytes long; PostgreSQL allows 63", "shorten the name"),
    ]),
    ("bare_word_default", [
        E(5, 37, "ACTIVE}", "the default `ACTIVE` is a bare word, which SQL reads as a column name; "
          "a text value is quoted in SQL", "write `default: \"'ACTIVE'\"`"),
    ]),
    ("index_unknown_method", [
        E(7, 35, "hashh}", "unknown index method `hashh`",
          "did you mean `hash`? PostgreSQL's index methods: btree, hash, gist, spgist, gin, brin"),
    ]),
    ("schema_case_public", [
        E(1, 9, "Public", "schema `Public` differs only in case from schema `public`",
          'PostgreSQL would create a second schema "Public" next to `public`'),
    ]),
    ("quoted_value_then_text", [
        E(6, 23, "\"userName\" <> ''", "YAML syntax error: a quoted YAML value cannot be followed by more text",
          "quote the whole expression instead: `name_not_empty: '\"userName\" <> '''''`"),
    ]),
    (["name_clashes/billing", "name_clashes/ledger"], [  # one name defined by two domains, per namespace
        E(3, 3, "app_user: {}", "role `app_user` has the same name as role `app_user` ({billing}:3) in the roles "
          "of the server (a role belongs to the whole server, not one database)", "declare the role in one domain",
          file="ledger.yaml"),
        E(7, 3, "touch:", "function `touch()` has the same name as function `touch()` ({billing}:5) in schema "
          "`public` (a function is known by its name and argument types)", "other argument types", file="ledger.yaml"),
        E(12, 3, "accounts:", "table `accounts` has the same name as table `accounts` ({billing}:10) in schema "
          "`public` (tables, views and indexes share one namespace)", "give one of them another name",
          file="ledger.yaml"),
        E(17, 3, "accounts_pkey:", "view `accounts_pkey` has the same name as the index of constraint "
          "`accounts_pkey` ({billing}:12) in schema `public` (tables, views and indexes share one namespace)",
          "give one of them another name", file="ledger.yaml"),
        E(18, 3, "balances:", "view `balances` has the same name as enum `balances` ({file}:5) in schema `public` "
          "(each table and view also defines a type of its name)", "give one of them another name", file="ledger.yaml"),
    ]),
    ("enum_label_removed", [
        E(7, 65, "'viewr'", "the default 'viewr' is not a value of enum `deal_member_role`",
          "did you mean `viewer`? values of `deal_member_role`: backer, owner, viewer"),
        E(10, 28, "'investor') = is_backer", "check `backer_flag` compares column `role`, of enum `deal_member_role`, "
          "with 'investor', which is not one of its values", "`investor` is renamed to `backer`"),
        E(11, 47, "'admin')", "check `known_role` compares column `role`, of enum `deal_member_role`, with 'admin', "
          "which is not one of its values", "values of `deal_member_role`: backer, owner, viewer"),
        E(13, 41, "'investor'::deal_member_role", "the index predicate casts 'investor' to enum `deal_member_role`, "
          "which has no such value", "`investor` is renamed to `backer`"),
        E(16, 38, "'ownr'", "the policy expression compares column `role`, of enum `deal_member_role`, with 'ownr', "
          "which is not one of its values", "did you mean `owner`?"),
        E(19, 57, "'investor'", "the view query compares column `role`, of enum `deal_member_role`, with 'investor', "
          "which is not one of its values", "`investor` is renamed to `backer`"),
    ]),
    # --- functions, views, triggers, row-level security, grants, tests -----------
    ("definer_without_search_path", [
        E(4, 15, "definer", "`security: definer` without `search_path` lets callers hijack the names it uses",
          "add `search_path: [public]`"),
    ]),
    ("definer_pg_temp_first", [
        E(5, 19, "pg_temp, public]", "`pg_temp` before other schemas in the `search_path` of a `security: definer` "
          "function lets any caller shadow the objects the body uses with temporary ones", "put pg_temp last"),
    ]),
    ("trigger_function_undefined", [
        E(12, 25, "set_updated,", "trigger function `set_updated` is not defined", "did you mean `set_updated_at`?"),
    ]),
    ("trigger_function_not_trigger", [
        E(10, 30, "account_count,", "`account_count` does not return trigger", "declare the function with `returns: trigger`"),
    ]),
    ("trigger_update_of_unknown_column", [
        E(13, 87, "balanse]}", "column `balanse` does not exist in this table", "did you mean `balance`?"),
    ]),
    ("policy_undeclared_role", [
        E(10, 26, "app_users]", "role `app_users` is not declared", "did you mean `app_user`?"),
    ]),
    ("policy_missing_column", [
        E(8, 28, "ownr = current_user}", "the policy expression refers to column `ownr`, which this table does not have",
          "did you mean `owner`?"),
    ]),
    ("policy_insert_using", [
        E(8, 39, "owner = current_user}", "an insert policy takes `with_check` only", "rename `using` to `with_check`"),
    ]),
    ("plpgsql_body_syntax", [
        E(5, 11, "|", 'the PL/pgSQL body does not parse: syntax error at or near "NEW"', "statements end with ;"),
    ]),
    ("sql_body_syntax", [
        E(4, 32, "accounts", 'the function body is not valid SQL: syntax error at or near "accounts"',
          "write the body as SQL statements"),
    ]),
    ("view_query_syntax", [
        E(3, 41, "", "the view query is not valid SQL: syntax error at end of input",
          "the query stops in the middle"),
    ]),
    ("view_reads_dropped_column", [
        E(9, 38, "d.offer_unit_price", "the view query reads column `offer_unit_price`, which table public.deals "
          "does not have", "did you mean `list_price`?"),
        E(12, 18, "offer_unit_price", "the view query reads column `offer_unit_price`, which table public.deals "
          "does not have", "did you mean `list_price`?"),
    ]),
    ("trigger_when_missing_column", [
        E(7, 95, "NEW.overdraft_limit", "the trigger condition reads column `overdraft_limit`, which table "
          "public.accounts does not have", "columns of table public.accounts: balance, id"),
    ]),
    ("grant_execute_on_table", [
        E(8, 24, "execute]", "`execute` cannot be granted on a table",
          "`execute` is for functions: grant it under the function's `grants:`"),
    ]),
    ("test_two_expectations", [
        E(9, 19, "permission denied", "a test has both `expect` and `expect_error`; it can check one of them",
          "split it into two tests"),
    ]),
    # --- domains ------------------------------------------------------------------
    ("depends_on_unknown", [
        E(2, 14, "acounts]", "unknown domain `acounts`", "no other domain is loaded"),
    ]),
]


def _case_id(case) -> str:
    return case if isinstance(case, str) else "+".join(case)


def _paths(case) -> list[Path]:
    names = [case] if isinstance(case, str) else case
    return [BROKEN / f"{name}.yaml" for name in names]


def _errors_of(paths: list[Path]) -> list[SpecError]:
    """The errors loading `paths` reports; any other outcome fails the test."""
    try:
        api.load(ROOT, paths)
    except SpecErrors as exc:
        return exc.errors
    pytest.fail(f"{[p.name for p in paths]} loaded without an error")


def _placeholders(error: SpecError, paths: list[Path]) -> str:
    """The message with `{file}` for the file of the error and `{<stem>}`
    for another file of the case it names."""
    message = error.message.replace(error.file, "{file}")
    for path in paths:
        message = message.replace(str(path.relative_to(ROOT)), "{" + path.stem + "}")
    return message


def _text_at(error: SpecError, column: int) -> str:
    lines = Path(error.file).read_text(encoding="utf-8").split("\n")
    return lines[error.line - 1][column - 1:] if error.line <= len(lines) else ""


@pytest.mark.parametrize("case, expected", CASES, ids=[_case_id(c) for c, _ in CASES])
def test_broken_spec(case, expected):
    paths = _paths(case)
    errors = _errors_of(paths)
    got = [(Path(e.file).name if len(paths) > 1 else None, e.line, e.column, _placeholders(e, paths)) for e in errors]
    want = [(x.file, x.line, x.column, x.message) for x in expected]
    assert got == want
    for error, wanted in zip(errors, expected):
        assert Path(error.file).resolve() in [p.resolve() for p in paths]
        assert _text_at(error, error.column).startswith(wanted.at), \
            f"{error.file}:{error.line}:{error.column} points at {_text_at(error, error.column)!r}"
        assert error.hint, f"no hint for {error.message!r}"
        assert wanted.hint in error.hint


def test_corpus_is_complete():
    """Every file of the corpus has its expectations in CASES."""
    listed = {p.resolve() for case, _ in CASES for p in _paths(case)}
    listed |= {p.resolve() for p in (BROKEN / "several_mistakes").glob("*.yaml")}
    on_disk = {p.resolve() for p in BROKEN.rglob("*.yaml")}
    assert on_disk == listed
    assert len(CASES) >= 30


def test_override_replaces_the_mixin_column(tmp_path):
    spec = tmp_path / "shop.yaml"
    spec.write_text((BROKEN / "mixin_column_collision.yaml").read_text().replace(
        "      created_at: timestamptz\n", "      created_at: {type: timestamptz, override: true}\n"))
    catalog = api.load(ROOT, [spec]).catalog
    for table in catalog.tables:
        created_at = table.column("created_at")
        assert created_at.nullable and created_at.default is None, table.name  # the table's own definition


def test_nulls_not_distinct_is_fine_from_postgres_15(tmp_path):
    (tmp_path / "schemac.yaml").write_text("postgres: {min_version: 15}\n")
    catalog = api.load(tmp_path, [BROKEN / "nulls_not_distinct_pg14.yaml"]).catalog
    assert [c.nulls_not_distinct for c in catalog.constraints if c.kind == "unique"] == [True]


def test_project_file_mistakes_are_located(tmp_path):
    (tmp_path / "schemac.yaml").write_text("postgres: {min_version: 13}\nspecz: specs\n"
                                           "migrations: {lock_timeout: 5 seconds, statement_timeout: 500ms}\n")
    with pytest.raises(SpecErrors) as caught:
        api.load(tmp_path)
    got = [(e.line, e.column, e.message, bool(e.hint)) for e in caught.value.errors]
    assert got == [(1, 25, "schemac supports PostgreSQL 14 to 18, not 13", True),
                   (2, 1, "unknown key `specz`", True),
                   (3, 28, "`5 seconds` is not a PostgreSQL duration for `lock_timeout`", True)]
    assert "did you mean `specs`?" in caught.value.errors[1].hint
    assert "e.g. 5s, 500ms" in caught.value.errors[2].hint


@pytest.mark.parametrize("version", ["14", "18"])
def test_supported_postgres_versions(tmp_path, version):
    (tmp_path / "schemac.yaml").write_text(f"postgres: {{min_version: {version}}}\n"
                                           "migrations: {lock_timeout: 500ms, statement_timeout: 0}\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text("tables:\n  a:\n    columns:\n      id: {type: uuid, primary_key: true}\n")
    assert api.load(tmp_path, [spec]).catalog.tables


def test_an_unknown_index_method_is_refused_even_with_extensions(tmp_path):
    """An extension may define the method, but whether the column's type has
    a default operator class for it is unknown: refused, not left to apply."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("extensions: [pg_trgm]\n" + (BROKEN / "index_unknown_method.yaml").read_text())
    with pytest.raises(SpecErrors) as caught:
        api.load(ROOT, [spec])
    [error] = caught.value.errors
    assert (error.line, error.message) == (8, "unknown index method `hashh`")


def test_an_index_method_of_a_known_extension_is_accepted(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text("extensions: [bloom]\n" + (BROKEN / "index_unknown_method.yaml").read_text().replace("hashh", "bloom"))
    [index] = api.load(ROOT, [spec]).catalog.indexes
    assert index.method == "bloom"


def test_several_mistakes_are_all_reported_sorted():
    """Shape errors of one file and resolver errors of another come together,
    sorted by file, line and column whatever order the files are given in."""
    folder = BROKEN / "several_mistakes"
    errors = _errors_of([folder / "ledger.yaml", folder / "billing.yaml"])
    got = [(Path(e.file).name, e.line, e.column, e.message) for e in errors]
    assert got == [
        ("billing.yaml", 6, 38, "unknown key `nulable`"),
        ("billing.yaml", 10, 41, "`unique` must be true or false, not `perhaps`"),
        ("ledger.yaml", 6, 22, "unknown type `money2`"),
        ("ledger.yaml", 7, 44, "foreign key target table `acounts` does not exist"),
        ("ledger.yaml", 9, 17, "check `positive` refers to column `amont`, which this table does not have"),
        ("ledger.yaml", 11, 9, "column `posted_at` does not exist in this table"),
    ]
    assert errors == sorted(errors)
    assert all(e.hint for e in errors)


# --- the command line ---------------------------------------------------------------

SCHEMAC = Path(sys.executable).parent / "schemac"
_ERROR_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$")


def _schemac(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([str(SCHEMAC), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def broken_project(tmp_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("billing.yaml", "ledger.yaml"):
        (specs / name).write_text((BROKEN / "several_mistakes" / name).read_text())
    return tmp_path


def test_cli_reports_every_error_with_location_and_hint(broken_project):
    result = _schemac("-C", ".", "validate", cwd=broken_project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    lines = result.stderr.splitlines()
    errors = [m for m in (_ERROR_LINE.match(line) for line in lines) if m]
    assert [(m["file"], int(m["line"]), int(m["column"])) for m in errors] == [
        ("specs/billing.yaml", 6, 38), ("specs/billing.yaml", 10, 41), ("specs/ledger.yaml", 6, 22),
        ("specs/ledger.yaml", 7, 44), ("specs/ledger.yaml", 9, 17), ("specs/ledger.yaml", 11, 9)]
    assert errors[0]["message"] == "unknown key `nulable`"
    hints = [line for line in lines if line.startswith("    hint: ")]
    assert len(hints) == len(errors)
    assert "    hint: did you mean `nullable`?" in "\n".join(lines)
    assert lines[-1] == "6 error(s)"


def test_cli_json_format_lists_the_errors(broken_project):
    import json
    result = _schemac("-C", ".", "validate", "--format", "json", cwd=broken_project)
    assert result.returncode == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["file"], e["line"], e["column"]) for e in errors][:2] == [("specs/billing.yaml", 6, 38),
                                                                          ("specs/billing.yaml", 10, 41)]
    assert all(e["hint"] for e in errors)


@pytest.mark.parametrize("args", [
    ("frobnicate",),
    ("validate", "specs/missing.yaml"),
    ("-C", "no/such/folder", "validate"),
    ("validate", "--format", "xml"),
], ids=["unknown-command", "missing-spec-path", "missing-project", "bad-option-value"])
def test_cli_usage_errors_exit_2(broken_project, args):
    result = _schemac(*args, cwd=broken_project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "schemac: error:" in result.stderr


def test_cli_validates_the_project_specs():
    result = _schemac("validate", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("specs are valid:")
