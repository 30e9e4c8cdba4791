"""A fresh database on a server, dropped afterwards."""

from __future__ import annotations

import contextlib
import os
import uuid
from typing import Iterator

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler.apply import connect, run_script
from compiler.render import harness


def _roles(conn) -> set[str]:
    return {row[0] for row in run_script(conn, harness.list_roles(), "list roles")[-1].rows}


@contextlib.contextmanager
def scratch_database(server_url: str, prefix: str = "schemac_test") -> Iterator[str]:
    """A new database on the server, dropped afterwards together with any role
    created while it existed (roles belong to the whole server, so a run that
    stopped half-way must not leave them behind)."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with connect(server_url) as admin:
        roles_before = _roles(admin)
        run_script(admin, harness.create_database(name), "create scratch database")
        force = admin.info.server_version >= 130000
    params = conninfo_to_dict(server_url)
    params["dbname"] = name
    try:
        yield make_conninfo(**params)
    finally:
        with connect(server_url) as admin:
            run_script(admin, harness.drop_database(name, force), "drop scratch database")
            for role in sorted(_roles(admin) - roles_before):
                run_script(admin, harness.drop_role(role), "drop role left by the run")
