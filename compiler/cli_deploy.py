"""The commands that deploy generated/ to a database: `apply`, `status`
and `rollback`. Exit codes as in compiler/cli.py: 0 done (or up to date), 1
refused or not clean (the reasons listed), 2 usage, 3 database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from compiler import fleet
from compiler.redact import masked_url

EXIT_OK, EXIT_FAILED = 0, 1


def add_commands(commands) -> None:
    apply = commands.add_parser("apply", help="apply the pending migrations of generated/ to a database, "
                                              "recording them in its history")
    _database(apply)
    apply.add_argument("--to", type=int, metavar="N", help="stop after migration N (default: the newest)")
    apply.add_argument("--dry-run", action="store_true", help="print what would run; change nothing")
    apply.add_argument("--force", action="store_true",
                       help="apply even when the database drifted from the migration it is at")
    _lock_wait(apply)
    _quiet(apply)

    status = commands.add_parser("status", help="applied, pending and edited migrations, and drift, of a database")
    _database(status, "read")
    status.add_argument("--json", action="store_true", help="print the status as JSON")

    rollback = commands.add_parser("rollback", help="run down scripts back to migration N, recording it")
    _database(rollback)
    rollback.add_argument("--to", type=int, required=True, metavar="N",
                          help="the migration to go back to (0: before the first)")
    rollback.add_argument("--dry-run", action="store_true", help="print what would run; change nothing")
    rollback.add_argument("--force", action="store_true",
                          help="roll back even when the database drifted from the migration it is at")
    rollback.add_argument("--accept-data-loss", action="store_true",
                          help="roll back migrations with steps that cannot be undone without losing data")
    _lock_wait(rollback)
    _quiet(rollback)

    bundle = commands.add_parser("bundle", help="write generated/ as a bundle a DBA deploys with psql alone")
    bundle.add_argument("--out", required=True, type=Path, help="the folder to write (new or empty)")
    bundle.add_argument("--format", choices=["psql", "sqitch", "flyway", "pgtap"], default="psql",
                        help="psql: deploy.sql, revert.sql, status.sql, verify.sql sharing schemac apply's history; "
                             "sqitch: a Sqitch project (sqitch.plan, deploy/, revert/, verify/); "
                             "flyway: V<n>__<name>.sql and U<n>__<name>.sql; "
                             "pgtap: the specs' tests: as pgTAP files for pg_prove")
    bundle.add_argument("--force", action="store_true", help="replace the bundle already in --out")


def _database(parser, what: str = "deploy to") -> None:
    from compiler.fleet import add_target_arguments
    add_target_arguments(parser, what)


def _lock_wait(parser) -> None:
    parser.add_argument("--lock-wait", type=float, default=60.0, metavar="SECONDS",
                        help="how long to wait for another deploy of the same database (default: 60)")


def _quiet(parser) -> None:
    parser.add_argument("--quiet", "-q", action="store_true", help="print only errors and the result")


def _one_database(args) -> bool:
    """Whether the command runs here on one database (else `fleet.run` runs it on each)."""
    if fleet.is_fleet(args):
        return False
    args.database_url = fleet.single_url(args)
    return True


def _connect(args):
    """A connection, or a one-line DatabaseError (exit 3) saying why not."""
    from compiler.apply import connect
    from compiler.cli import _check_database_url
    from compiler.errors import DatabaseError
    _check_database_url(args.database_url)
    try:
        return connect(args.database_url)
    except DatabaseError as exc:
        raise type(exc)("; ".join(line.strip() for line in str(exc).splitlines() if line.strip())) from None


def _generated(args):
    from compiler.deploy.project import generated_dir
    return generated_dir(args.project)


def _refused(exc) -> int:
    print(f"schemac: refused: {exc}", file=sys.stderr)
    for detail in exc.details:
        print(f"  {detail}", file=sys.stderr)
    return EXIT_FAILED


def apply(args) -> int:
    from compiler.deploy.apply import Refused
    from compiler.deploy.apply import apply as run
    from compiler.deploy.progress import Progress
    if not _one_database(args):
        return fleet.run(args, args.argv)
    generated = _generated(args)
    with _connect(args) as conn:
        try:
            outcome = run(conn, generated, to=args.to, dry_run=args.dry_run, force=args.force,
                          lock_wait=args.lock_wait, progress=Progress(quiet=args.quiet))
        except Refused as exc:
            return _refused(exc)
    if outcome.drift_after:
        print(f"schemac: the database does not hold what {outcome.applied[-1] if outcome.applied else 'it'} "
              f"promises: verify.sql reports {len(outcome.drift_after)} difference(s)", file=sys.stderr)
        for row in outcome.drift_after:
            print(f"  {row}", file=sys.stderr)
        return EXIT_FAILED
    if outcome.applied and not args.dry_run:
        print(f"applied {len(outcome.applied)} migration(s); verify.sql reports no difference")
    return EXIT_OK


def status(args) -> int:
    from compiler.deploy.status import status as read
    from compiler.deploy.status import status_lines
    if not _one_database(args):
        return fleet.run(args, args.argv)
    generated = _generated(args)
    with _connect(args) as conn:
        found = read(conn, generated)
    database = masked_url(args.database_url)
    if args.json:
        print(json.dumps({"database": database, **found.as_dict()}, indent=2, sort_keys=True))
    else:
        print("\n".join(status_lines(found, database)))
    return EXIT_OK if found.clean else EXIT_FAILED


def rollback(args) -> int:
    from compiler.deploy.apply import Refused
    from compiler.deploy.progress import Progress
    from compiler.deploy.rollback import rollback as run
    if not _one_database(args):
        return fleet.run(args, args.argv)
    if args.to < 0:
        from compiler.errors import UsageError
        raise UsageError(f"--to {args.to}: a migration number is 0 (before the first) or more")
    generated = _generated(args)
    with _connect(args) as conn:
        try:
            undone = run(conn, generated, to=args.to, dry_run=args.dry_run, force=args.force,
                         accept_data_loss=args.accept_data_loss, lock_wait=args.lock_wait,
                         progress=Progress(quiet=args.quiet))
        except Refused as exc:
            return _refused(exc)
    if undone and not args.dry_run:
        print(f"rolled back {len(undone)} migration(s)")
    return EXIT_OK


def bundle(args) -> int:
    from compiler.bundle import bundle_files, write_bundle
    written = write_bundle(bundle_files(args.project, args.format), args.out, force=args.force)
    print(f"wrote a {args.format} bundle of {len(written)} file(s) to {args.out}: see {args.out / 'README.md'}")
    return EXIT_OK
