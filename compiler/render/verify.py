"""verify.sql: one row per discrepancy between a database and a catalog.

Tables are compared against *shadow* copies that the script builds from the
catalog in `pg_temp` (same columns, defaults, checks, keys, indexes, triggers,
policies and comments, renamed to `schemac_t1`, `schemac_c1`, `schemac_i1`,
...). PostgreSQL normalises both sides the same way, so a default of `0` on a
numeric column or `amount > 0` in a check compare equal to what the server
stored, while any real change shows. Functions and procedures get shadows too
(`pg_temp.schemac_f1`, built from the same template with bodies left
unchecked), compared aspect by aspect (arguments, result, volatility, body,
settings, ...); views get shadow views (`pg_temp.schemac_v1`) whose
`pg_get_viewdef` must match, and a materialized view's indexes are built on a
table with its columns (`pg_temp.schemac_r1`). Foreign keys, enums, schemas,
extensions, roles, row-level security flags and grants need no normalisation
and are compared against literals. The script runs in a transaction that it
rolls back: it leaves nothing behind.
"""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import Catalog, Constraint, Enum, Extension, Index, Schema, Sequence, Table
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, Trigger, View
from compiler.ops import AddConstraint
from compiler.ops.keys import CommentOnIndex
from compiler.ops.programmable import CreateFunction, CreatePolicy, CreateTrigger, CreateView
from compiler.render.env import render
from compiler.render.fragments import column_definition, function_identity, index_definition
from compiler.render.migration import render_op, search_path
from compiler.render.renamed import on_renamed_table
from compiler.render.sql import FK_ACTION_CODES, FK_ACTIONS, ident, literal, qualified
from compiler.render.verify_partitions import shadow_partitions
from compiler.render.verify_privileges import column_label, default_privilege_rows, owner_rows
from compiler.render.verify_rows import row_checks
from compiler.render.verify_types import user_type_checks

SHADOW_SCHEMA = "pg_temp"


def _label(kind: str, *parts: str) -> str:
    return f"{kind} " + ".".join(parts)


def _routine_kind(f: Function) -> str:
    return "function" if f.returns is not None else "procedure"


def _view_kind(v: View) -> str:
    return "materialized view" if v.materialized else "view"


def render_verify(title: str, catalog: Catalog) -> str:
    by_table: dict[str, list] = {}
    for obj in catalog:
        if isinstance(obj, (Constraint, Index, Trigger, Policy, RowSecurity)):
            by_table.setdefault(obj.table_key, []).append(obj)

    tables, shadows, constraints, foreign_keys, indexes, triggers, policies = [], [], [], [], [], [], []
    counter = {"t": 0, "c": 0, "i": 0, "f": 0, "v": 0, "r": 0, "p": 0}
    acl_objects: dict[str, dict] = {}  # catalog key -> what grants are checked on

    def shadow_name(kind: str) -> str:
        counter[kind] += 1
        return f"schemac_{kind}{counter[kind]}"

    def shadow_index(obj: Index, real_table: str, shadow_table: str) -> dict:
        def moved(text):  # `t.col` of the real table names the shadow's column
            return on_renamed_table(text, obj.schema, obj.table, shadow_table)
        elements = tuple(dataclasses.replace(e, expression=moved(e.expression)) if e.expression else e
                         for e in obj.elements)
        copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, table=shadow_table, name=shadow_name("i"),
                                   concurrently=False, elements=elements, where=moved(obj.where))
        label = _label("index", qualified(obj.schema, obj.name))
        indexes.append({"object": label, "real_table": real_table,
                        "real": qualified(obj.schema, obj.name), "shadow": qualified(SHADOW_SCHEMA, copy.name)})
        sql = index_definition(copy) + ";\n"  # a CreateIndex step's statement, without the template's cost
        if copy.comment is not None:
            sql += render_op(CommentOnIndex(copy, None, copy.comment))
        return _piece(label, "index", real_table, qualified(obj.schema, obj.name), sql)

    partitions_of: dict[str, list[Table]] = {}
    for table in catalog.of_kind(Table):
        if table.partition_of:
            partitions_of.setdefault(table.parent_key, []).append(table)
    partitions, partition_keys = [], []
    for table in catalog.of_kind(Table):
        if table.partition_of:
            continue  # built and compared with its parent's shadow (compiler/render/verify_partitions.py)
        real = qualified(table.schema, table.name)
        shadow_table = dataclasses.replace(table, schema=SHADOW_SCHEMA, name=shadow_name("t"), columns=())
        shadow_ref = qualified(SHADOW_SCHEMA, shadow_table.name)
        parts = by_table.get(table.key, [])
        rls = next((o for o in parts if isinstance(o, RowSecurity)), None)
        tables.append({"object": _label("table", real), "real": real, "shadow": shadow_ref,
                       "rls_enabled": rls is not None and rls.enabled, "rls_forced": rls is not None and rls.forced,
                       "partitioned": table.partition_by is not None, "unlogged": table.unlogged})
        acl_objects[table.key] = {"object": _label("table", real), "kind": "relation", "ref": real, "managed": True}
        # generated columns last: ADD COLUMN cannot refer to a column added later
        ordered = sorted(table.columns, key=lambda c: c.generated is not None)
        ordered = [dataclasses.replace(c, generated=on_renamed_table(c.generated, table.schema, table.name,
                                                                     shadow_table.name)) if c.generated else c
                   for c in ordered]
        pieces = [_piece(f"column {real}.{ident(c.name)}", "column", real, c.name, _shadow_column(shadow_ref, c))
                  for c in ordered]
        # triggers and policies after every column and key they may name
        for obj in sorted(parts, key=lambda o: isinstance(o, (Trigger, Policy))):
            if isinstance(obj, Constraint) and obj.kind == "foreign_key":
                foreign_keys.append(_foreign_key(obj, real))
            elif isinstance(obj, Constraint):
                copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, table=shadow_table.name, name=shadow_name("c"),
                                           expression=on_renamed_table(obj.expression, obj.schema, obj.table,
                                                                       shadow_table.name))
                label = f"constraint {ident(obj.name)} on {real}"
                constraints.append({"object": label, "real_table": real,
                                    "name": obj.name, "shadow_table": shadow_ref, "shadow_name": copy.name})
                pieces.append(_piece(label, "constraint", real, obj.name, render_op(AddConstraint(copy))))
            elif isinstance(obj, Index):
                pieces.append(shadow_index(obj, real, shadow_table.name))
            elif isinstance(obj, Trigger):
                # a trigger's name is its table's: the shadow keeps it
                copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, table=shadow_table.name)
                label = f"trigger {ident(obj.name)} on {real}"
                triggers.append({"object": label, "real_table": real, "name": obj.name, "shadow_table": shadow_ref,
                                 "external": False})
                pieces.append(_piece(label, "trigger", real, obj.name, render_op(CreateTrigger(copy))))
            elif isinstance(obj, Policy):
                copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, table=shadow_table.name,
                                           using=on_renamed_table(obj.using, obj.schema, obj.table, shadow_table.name),
                                           with_check=on_renamed_table(obj.with_check, obj.schema, obj.table,
                                                                       shadow_table.name))
                label = f"policy {ident(obj.name)} on {real}"
                policies.append({"object": label, "real_table": real, "name": obj.name, "shadow_table": shadow_ref})
                pieces.append(_piece(label, "policy", real, obj.name, render_op(CreatePolicy(copy))))
        if table.partition_by is not None:
            pieces += shadow_partitions(table, shadow_ref, partitions_of.get(table.key, []), by_table, shadow_name,
                                        shadow_index, partitions, partition_keys, acl_objects, foreign_keys)
        head = f"CREATE TABLE {shadow_ref} ();\n"
        if table.comment is not None:
            head += f"COMMENT ON TABLE {shadow_ref} IS {literal(table.comment)};\n"
        shadows.append({"object": tables[-1]["object"], "sql": _shadow_block(head, pieces)})

    external_pieces = []
    for external in catalog.external_tables:
        # a trigger on a table of another project: built on a shadow with the real table's columns, so its
        # condition and UPDATE OF list are printed as the server prints the real one's
        real = qualified(external.schema, external.name)
        for obj in by_table.get(external.key, []):
            shadow = shadow_name("t")
            shadow_ref = qualified(SHADOW_SCHEMA, shadow)
            copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, table=shadow, relation="table")
            label = f"trigger {ident(obj.name)} on {real}"
            triggers.append({"object": label, "real_table": real, "name": obj.name, "shadow_table": shadow_ref,
                             "external": True})
            external_pieces.append(_piece(label, "trigger", real, obj.name,
                                          f"CREATE TABLE {shadow_ref} (LIKE {real});\n" + render_op(CreateTrigger(copy))))
    if external_pieces:
        shadows.append({"object": "triggers on external tables", "sql": _shadow_block("", external_pieces)})

    functions, function_pieces = [], []
    for f in catalog.of_kind(Function):
        label = f"{_routine_kind(f)} {function_identity(f)}"
        copy = dataclasses.replace(f, schema=SHADOW_SCHEMA, name=shadow_name("f"))
        functions.append({"object": label, "key": f.key, "schema": f.schema, "name": f.name, "shadow": copy.name})
        function_pieces.append(_piece(label, "function", f.schema, f.name, render_op(CreateFunction(copy))))
        acl_objects[f.key] = {"object": label, "kind": "function", "ref": f.key, "managed": True}
    if function_pieces:
        shadows.append({"object": "functions and procedures", "sql": _shadow_block("", function_pieces)})

    view_indexes: dict[str, list[Index]] = {}
    for index in catalog.of_kind(Index):
        if index.relation == "view":
            view_indexes.setdefault(index.table_key, []).append(index)
    views, view_pieces = [], []
    for v in catalog.of_kind(View):
        real = qualified(v.schema, v.name)
        label = _label(_view_kind(v), real)
        # a plain temporary view: pg_get_viewdef prints a materialized view's query the same way
        copy = dataclasses.replace(v, schema=SHADOW_SCHEMA, name=shadow_name("v"), materialized=False, comment=None)
        shadow_ref = qualified(SHADOW_SCHEMA, copy.name)
        views.append({"object": label, "real": real, "shadow": shadow_ref, "materialized": v.materialized,
                      "security_invoker": v.security_invoker, "comment": v.comment})
        sql = render_op(CreateView(copy))
        rows = None
        if view_indexes.get(v.key):
            # the materialized view's columns, as a table that its indexes can be built on
            rows = shadow_name("r")
            sql += render("verify/shadow_rows.sql.j2", rows=qualified(SHADOW_SCHEMA, rows), view=shadow_ref)
        view_pieces.append(_piece(label, "view", real, real, sql))
        view_pieces += [shadow_index(i, real, rows) for i in view_indexes.get(v.key, [])]
        acl_objects[v.key] = {"object": label, "kind": "relation", "ref": real, "managed": True}
    if view_pieces:
        shadows.append({"object": "views", "sql": _shadow_block("", view_pieces)})

    user_types, aggregates, type_pieces = user_type_checks(catalog, _piece)
    if type_pieces:
        shadows.insert(0, {"object": "domains, composite and range types, aggregates",
                           "sql": _shadow_block("", type_pieces)})
    enums = [{"object": _label("enum", qualified(e.schema, e.name)), "name": qualified(e.schema, e.name),
              "values": list(e.values), "comment": e.comment} for e in catalog.of_kind(Enum)]
    schemas = [{"object": f"schema {ident(s.name)}", "name": s.name} for s in catalog.of_kind(Schema)]
    for s in catalog.of_kind(Schema):
        acl_objects[s.key] = {"object": f"schema {ident(s.name)}", "kind": "schema", "ref": s.name, "managed": True}
    extensions = [{"object": f"extension {ident(x.name)}", "name": x.name, "schema": x.schema}
                  for x in catalog.of_kind(Extension)]
    roles = [{"object": f"role {ident(r.name)}", "name": r.name, "comment": r.comment} for r in catalog.of_kind(Role)]

    sequences = []
    for s in catalog.of_kind(Sequence):
        label = _label("sequence", qualified(s.schema, s.name))
        sequences.append({"object": label, "real": qualified(s.schema, s.name), "type": s.type, "start": str(s.start),
                          "increment": str(s.increment), "min": str(s.min), "max": str(s.max), "cache": str(s.cache),
                          "cycle": s.cycle, "owner": f"{qualified(s.schema, s.owned_by[0])}.{ident(s.owned_by[1])}" if s.owned_by
                          else "(none)", "comment": s.comment})
        acl_objects[s.key] = {"object": label, "kind": "sequence", "ref": qualified(s.schema, s.name), "managed": True}

    grants = _expected_grants(catalog, acl_objects)
    owners = owner_rows(catalog, acl_objects)
    known_roles = [{"name": name} for name in sorted({*catalog.external_roles, "public"})]
    return render("verify/verify.sql.j2", title=title, search_path=search_path(catalog), shadows=shadows,
                  tables=tables, constraints=constraints, foreign_keys=foreign_keys, indexes=indexes,
                  enums=enums, schemas=schemas, extensions=extensions, functions=functions, views=views,
                  triggers=triggers, policies=policies, roles=roles, grants=grants, known_roles=known_roles,
                  partitions=partitions, partition_keys=partition_keys, sequences=sequences,
                  rows=row_checks(catalog), owners=owners, default_privileges=default_privilege_rows(catalog),
                  user_types=user_types, aggregates=aggregates,
                  acl_objects=sorted(acl_objects.values(), key=lambda o: o["object"]))


def _expected_grants(catalog: Catalog, acl_objects: dict[str, dict]) -> list[dict]:
    """The privileges verify.sql expects, per object and role: the specs'
    grants, and EXECUTE for PUBLIC on a function that keeps it (PostgreSQL
    gives it to every new function; schemac revokes it from SECURITY
    DEFINER ones). Every other privilege a declared role or PUBLIC holds on a
    managed object is reported. Adds to `acl_objects` the objects of other
    projects that grants name."""
    grants = []
    granted = set()
    for g in catalog.of_kind(Grant):
        target = acl_objects.get(g.on)
        if g.column is not None and target is not None:
            target = {"object": column_label(target["ref"], g.column)}
        elif target is None:  # on an object the catalog does not manage (a schema of another project)
            target = {"object": _grant_target_label(g), "kind": "schema" if g.object_kind == "schema" else "relation",
                      "ref": g.name if g.object_kind == "schema" else qualified(g.schema, g.name), "managed": False}
            acl_objects[g.on] = target
        granted.add((g.on, g.role))
        grants.append({"target": target["object"], "role": g.role, "privileges": [p.upper() for p in g.privileges],
                       "grant_option": g.grant_option})
    for f in catalog.of_kind(Function):
        if f.public_execute and (f.key, "public") not in granted:
            grants.append({"target": acl_objects[f.key]["object"], "role": "public", "privileges": ["EXECUTE"],
                           "grant_option": False})
    return grants


def _grant_target_label(g: Grant) -> str:
    if g.object_kind == "schema":
        return f"schema {ident(g.name)}"
    if g.object_kind == "sequence":
        return f"sequence {qualified(g.schema, g.name)}"
    return f"{g.object_kind} {qualified(g.schema, g.name)}"


def _shadow_block(head: str, pieces: list[str]) -> str:
    """The body of one shadow's DO block: `head` (a table's CREATE TABLE and
    comment), then its pieces (see `_piece`)."""
    return "BEGIN\n" + head + "".join(pieces) + "END\n"


def _piece(label: str, kind: str, parent: str, name: str, sql: str) -> str:
    """One part of a shadow (a column, constraint, index, trigger, policy,
    function or view) in a block of its own: when its statements fail (a type
    or column it uses is gone) the failure is recorded in
    pg_temp.schemac_unbuildable and the other parts are still built and
    compared. `parent` is the real table (a function's schema), `name` the
    real object's name within it."""
    failure = f"{literal(label)}, {literal(kind)}, {literal(parent)}, {literal(name)}"
    return (f"BEGIN\n{sql}EXCEPTION WHEN others THEN\n"
            f"    INSERT INTO pg_temp.schemac_unbuildable VALUES ({failure}, SQLERRM);\nEND;\n")


def _shadow_column(shadow_table: str, column) -> str:
    sql = f"ALTER TABLE {shadow_table} ADD COLUMN {column_definition(column)};\n"
    if column.comment is not None:
        sql += f"COMMENT ON COLUMN {shadow_table}.{ident(column.name)} IS {literal(column.comment)};\n"
    return sql


def _foreign_key(fk: Constraint, real_table: str) -> dict:
    return {
        "object": f"constraint {ident(fk.name)} on {real_table}",
        "real_table": real_table, "name": fk.name, "columns": list(fk.columns),
        "ref_table": qualified(fk.ref_schema, fk.ref_table), "ref_columns": list(fk.ref_columns),
        "on_update": FK_ACTION_CODES[fk.on_update], "on_delete": FK_ACTION_CODES[fk.on_delete],
        "deferrable": fk.deferrable, "deferred": fk.initially_deferred, "suffix": _foreign_key_suffix(fk),
        "comment": fk.comment, "period": fk.period,
    }


def _foreign_key_suffix(fk: Constraint) -> str:
    """What pg_get_constraintdef() prints after `REFERENCES table(columns)`."""
    text = ""
    if fk.on_update != "no_action":
        text += f" ON UPDATE {FK_ACTIONS[fk.on_update]}"
    if fk.on_delete != "no_action":
        text += f" ON DELETE {FK_ACTIONS[fk.on_delete]}"
    if fk.deferrable:
        text += " DEFERRABLE"
        if fk.initially_deferred:
            text += " INITIALLY DEFERRED"
    return text
