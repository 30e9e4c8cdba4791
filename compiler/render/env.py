"""The Jinja environment: strict, whitespace-controlled, with SQL filters."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from compiler.render import sql

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def _environment() -> jinja2.Environment:
    """The settings every template is rendered with, and the quoting filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,
    )
    env.filters.update(ident=sql.ident, literal=sql.literal)
    return env


@lru_cache(maxsize=1)
def quoting_environment() -> jinja2.Environment:
    """The environment of templates that need only `ident` and `literal` (the
    deploy history's layout), without importing the catalog's renderers."""
    return _environment()


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    from compiler.render import expand_contract, fragments, privileges, user_types
    env = _environment()
    env.filters.update(
        ident=sql.ident,
        qualified=lambda obj: sql.qualified(obj.schema, obj.name),
        literal=sql.literal,
        comment_text=sql.comment_text,
        text_array=sql.text_array,
        values_rows=sql.values_rows,
        sql_type=sql.sql_type,
        default_expression=sql.default_expression,
        fk_action=sql.fk_action,
        dollar_quote=sql.dollar_quote,
        column_definition=fragments.column_definition,
        constraint_body=fragments.constraint_body,
        index_definition=fragments.index_definition,
        role_name=fragments.role_name,
        function_identity=fragments.function_identity,
        argument=fragments.argument,
        returns_clause=fragments.returns_clause,
        trigger_events=fragments.trigger_events,
        partition_key=fragments.partition_key,
        partition_bound=fragments.partition_bound,
        privilege_list=privileges.privilege_list,
        grant_steps=privileges.grant_steps,
        owner_target=privileges.owner_target,
        default_privileges_head=privileges.default_privileges_head,
        default_privileges_list=privileges.default_privileges_list,
        sequence_options=fragments.sequence_options,
        shadow_check_body=expand_contract.shadow_check_body,
        shadow_index_definition=expand_contract.shadow_index_definition,
        **user_types.FILTERS,
    )
    env.globals["qualify"] = sql.qualified
    env.globals["psql_header"] = sql.PSQL_HEADER
    env.globals["signature"] = fragments.function_signature
    env.globals["render_step"] = render_step
    env.globals["copied_value"] = fragments.copied_value
    return env


@lru_cache(maxsize=None)
def template(name: str) -> jinja2.Template:
    """A template by its path under templates/, looked up once."""
    return environment().get_template(name)


def render(name: str, **context) -> str:
    return template(name).render(**context)


def render_quoting(name: str, **context) -> str:
    """`render` of a template that uses only the quoting filters."""
    return quoting_environment().get_template(name).render(**context)


def render_step(op) -> str:
    """The SQL of one step, for a step made of others (RestoreTable)."""
    return render(f"ddl/{op.template}.sql.j2", op=op).strip() + "\n"
