"""The `--sql` and `--scratch-server` options of `schemac import`, apart from
compiler/database/load_sql.py so that building the command line does not
import what loading SQL files needs."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_sql_arguments(parser: argparse.ArgumentParser) -> None:
    """`--sql FILE|DIR ...` and `--scratch-server URL`, for `schemac import`."""
    parser.add_argument("--sql", action="extend", nargs="+", type=Path, metavar="FILE|DIR",
                        help="import from SQL files loaded into a scratch database: a pg_dump --schema-only "
                             "file, a Rails structure.sql, a Prisma migrations folder or a Flyway folder "
                             "(files run in the order given; a folder's in its tool's order)")
    parser.add_argument("--scratch-server", metavar="URL",
                        help="with --sql: the server (an admin URL, allowed to create databases and roles) "
                             "on which to make the scratch database; default: an embedded PostgreSQL")
