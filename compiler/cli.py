"""The `schemac` command: parse flags, call the API, print, set the exit code.

Exit codes: 0 success; 1 spec errors or a failed check; 2 usage errors;
3 database errors; 70 an internal error (a bug in schemac).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from compiler import __version__, cli_deploy, cli_import, cli_live
from compiler.errors import DatabaseError, SpecErrors, UsageError
from compiler.redact import masked, masked_url

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DATABASE, EXIT_INTERNAL = 0, 1, 2, 3, 70


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with a short message
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="schemac", description="Declarative schema-as-code compiler for PostgreSQL.")
    parser.add_argument("--version", action="version", version=f"schemac {__version__}")
    parser.add_argument("-C", "--project", type=Path, default=Path("."), help="project folder (default: .)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    validate = commands.add_parser("validate", help="check the specs and report every mistake")
    validate.add_argument("paths", nargs="*", type=Path, help="spec files or domain folders (default: the project's)")
    validate.add_argument("--format", choices=["text", "json"], default="text")

    plan = commands.add_parser("plan", help="show what the next migration would do, writing nothing")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument("--database-url", help="plan from this live database's catalog instead of generated/state.json")

    generate = commands.add_parser("generate", help="write the next migration into generated/")
    generate.add_argument("--name", help="migration slug (default for the first: initial)")
    generate.add_argument("--allow-destructive", action="store_true",
                          help="accept steps that destroy data (dropped tables, ...); refused by default")
    generate.add_argument("--database-url", help="plan from this live database's catalog instead of "
                                                 "generated/state.json (adopting or repairing a database)")

    check = commands.add_parser("check", help="CI gate: generated/ is consistent with itself and the specs")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="github: GitHub Actions annotations (::error file=...,line=...)")

    sql = commands.add_parser("sql", help="print the SQL of the first migration of the specs, writing nothing")
    sql.add_argument("script", choices=["up", "down", "verify"])
    sql.add_argument("paths", nargs="*", type=Path)

    test = commands.add_parser("test", help="apply, verify, roll back and re-apply on a real PostgreSQL")
    test.add_argument("paths", nargs="*", type=Path)
    test.add_argument("--database-url", help="server to test on (a fresh database is created and dropped); "
                                             "default: an embedded PostgreSQL")

    commands.add_parser("schema", help="print the JSON Schema of the spec format")
    cli_live.add_commands(commands)
    cli_deploy.add_commands(commands)
    cli_import.add_command(commands)
    return parser


def run() -> int:
    """The `schemac` process (its console script and `python -m compiler`):
    `main` with Python's cyclic garbage collector paused throughout.

    A command is one short process whose objects (modules, the driver, the
    specs, the catalog) almost all live until it exits, so the collector's
    passes only scan them again and again (about 10 ms of importing psycopg
    alone). At exit they are frozen (`gc.freeze()`), so that Python's last
    collection skips them rather than scan everything once more only to let
    the process end (about 30 ms with psycopg loaded): the operating system
    takes the memory back; the files and connections a command opens are
    closed by their own `with` blocks, and atexit handlers still run. Tests
    call `main`, which leaves the collector alone."""
    import gc
    gc.disable()
    try:
        return main()
    finally:
        gc.freeze()


EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a pipeline's reader that stopped early


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        args.argv = list(sys.argv[1:] if argv is None else argv)  # a fleet command runs it again per database
        if not args.command:
            parser.print_help()
            return EXIT_USAGE
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        return _broken_pipe()
    except SpecErrors as exc:
        _print_spec_errors(exc, getattr(args, "format", "text") if "args" in locals() else "text")
        return EXIT_FAILED
    except UsageError as exc:
        print(masked(f"schemac: error: {exc}", _database_url(locals())), file=sys.stderr)
        return EXIT_USAGE
    except DatabaseError as exc:
        print(masked(f"schemac: database error: {exc}", _database_url(locals())), file=sys.stderr)
        return EXIT_DATABASE
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the last line of defence
        print("schemac: internal error (a bug in schemac, not in your specs); please report it with this trace:",
              file=sys.stderr)
        print(masked(traceback.format_exc(), _database_url(locals())), file=sys.stderr, end="")
        return EXIT_INTERNAL


def _database_url(scope: dict) -> str | None:
    """The --database-url of the command line, when it was parsed (its password is masked in every message)."""
    return getattr(scope.get("args"), "database_url", None)


def _broken_pipe() -> int:
    """The reader of our output went away (`schemac schema | head -1`): stop
    quietly, like other Unix tools. Whatever is still buffered for stdout is
    discarded, so Python's own flush at exit cannot complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (e.g. captured by a test)
        pass
    return EXIT_BROKEN_PIPE


def _check_database_url(url: str | None) -> None:
    """A --database-url that is neither a URL nor `key=value` pairs is a usage error."""
    if url is None:
        return
    import psycopg
    from psycopg.conninfo import conninfo_to_dict
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise UsageError(f"--database-url `{masked_url(url)}` is not a PostgreSQL connection string "
                         f"({masked(str(exc).strip(), url)}); "
                         "write a URL such as postgresql://user@localhost:5432/postgres, "
                         "or key=value pairs such as 'host=localhost dbname=postgres'") from None


def _print_spec_errors(exc: SpecErrors, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps({"errors": [e.as_dict() for e in exc.errors]}, indent=2))
        return
    for error in exc.errors:
        print(f"{error.file}:{error.line}:{error.column}: error: {error.message}", file=sys.stderr)
        if error.path:
            print(f"    at: {error.path}", file=sys.stderr)
        if error.hint:
            print(f"    hint: {error.hint}", file=sys.stderr)
    print(f"{len(exc.errors)} error(s)", file=sys.stderr)


def _validate(args) -> int:
    from compiler import api
    compiled = api.load(args.project, args.paths or None)
    catalog = compiled.catalog
    from compiler.catalog.programmable import Function, Grant, Policy, Role, Trigger, View
    counts = {"tables": len(catalog.tables), "enums": len(catalog.enums), "indexes": len(catalog.indexes),
              "constraints": len(catalog.constraints)}
    from compiler.catalog.objects import Sequence
    kinds = {"functions": Function, "views": View, "triggers": Trigger, "policies": Policy, "roles": Role,
             "grants": Grant, "sequences": Sequence}
    counts.update((name, len(catalog.of_kind(kind))) for name, kind in kinds.items())
    counts["tests"] = len(compiled.tests)
    counts = {name: n for name, n in counts.items() if n or name == "tables"}
    if args.format == "json":
        print(json.dumps({"errors": [], "counts": counts}, indent=2))
    else:
        print("specs are valid: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return EXIT_OK


def _plan(args) -> int:
    from compiler import api
    from compiler.generated import next_migration, plan_report
    compiled = api.load(args.project)
    base = cli_live.live_base(args, compiled) if args.database_url else None
    report = plan_report(compiled, next_migration(compiled, base=base))
    if base is not None:
        report["against"] = {"database": masked_url(args.database_url)}
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
        return EXIT_OK
    for line in plan_text(report):
        print(line)
    return EXIT_OK


def plan_text(report: dict) -> list[str]:
    """The readable form of `schemac plan`."""
    against = report["against"]
    base = (f"the database {against['database']}" if against and "database" in against
            else f"{against['state']} (after {against['migration']})" if against
            else "an empty database (no migration yet)")
    if not report["changes"]:
        return [f"no changes: the specs match {base}"]
    steps = report["steps"]
    settings = report["settings"]
    lines = [
        f"plan for migration {report['migration']} against {base}",
        f"  from state {report['source_hash']}",
        f"  to state   {report['target_hash']}",
        "  mode:      " + ("online: steps that would block writes through a scan or a build run after COMMIT, "
                           "in forms that let writes go on (`migrations: {mode: transactional}` in schemac.yaml "
                           "runs every step in one transaction)" if report["mode"] == "online" else
                           "transactional: every step in one transaction (`migrations: {mode: online}` in "
                           "schemac.yaml lets writes go on)"),
        *(["  types:     " + ("expand_contract: a type change that rewrites its table is made by expand/contract "
                                 "where the table allows it (`migrations: {type_changes: rewrite}` in schemac.yaml "
                                 "keeps one ALTER TABLE)" if report["type_changes"] == "expand_contract" else
                                 "rewrite: a type change is one ALTER TABLE that rewrites its table "
                                 "(`migrations: {type_changes: expand_contract}` in schemac.yaml lets writes go on)")]
          if report["mode"] == "online" else []),
        f"  timeouts:  lock_timeout = {settings['lock_timeout']}, statement_timeout = {settings['statement_timeout']}"
        " (set first in up.sql and down.sql)",
        "  max_lock:  " + (f"{report['max_lock']} (`schemac check` fails on a step above it that no `accept_locks:` "
                           "accepts)" if report.get("max_lock") else
                           "none (`migrations: {max_lock: ...}` in schemac.yaml makes `schemac check` fail on steps "
                           "above it)"),
        "  functions: " + ("executable by PUBLIC unless their grants revoke it (PostgreSQL's default; "
                           "`privileges: {functions_executable_by_public: false}` in schemac.yaml revokes it from each)"
                           if settings["functions_executable_by_public"] else
                           "EXECUTE revoked from PUBLIC on each (`privileges: {functions_executable_by_public: "
                           "false}` in schemac.yaml)"),
        f"  {len(steps)} step(s); reversible: {'yes' if report['reversible'] else 'no'}; "
        f"hazards: {', '.join(report['hazards']) or 'none'}",
        "",
    ]
    kind_width = max(len("kind"), *(len(s["kind"]) for s in steps))
    key_width = max(len("key"), *(len(s["key"]) for s in steps))
    number_width = max(len("step"), len(str(len(steps))))
    lock_width = max(len("lock"), *(len(s["lock"] or "-") for s in steps))
    rows_width = max(len("rows"), *(len(s["rows"] or "-") for s in steps))
    lines.append(f"  {'step':>{number_width}}  {'kind':<{kind_width}}  {'key':<{key_width}}  "
                 f"{'lock':<{lock_width}}  {'rows':<{rows_width}}  hazards".rstrip())
    for step in steps:
        hazards = ", ".join(step["hazards"]) or "-"
        lines.append(f"  {step['number']:>{number_width}}  {step['kind']:<{kind_width}}  "
                     f"{step['key']:<{key_width}}  {step['lock'] or '-':<{lock_width}}  "
                     f"{step['rows'] or '-':<{rows_width}}  {hazards}")
    destructive = report["destructive"]
    if destructive:
        lines.append("")
        lines.append("destructive steps (generate refuses them without --allow-destructive "
                     "unless the specs acknowledge them):")
        for step in destructive:
            lines.append(f"  {step['message']}" + (" (acknowledged by the specs)" if step["acknowledged"] else ""))
            if step["spec"] and step["spec"]["path"]:
                lines.append(f"      at: {step['spec']['path']}")
    above = [s for s in report.get("above_max_lock") or [] if not s.get("rows")]  # blocking ones: below
    if above:
        lines.append("")
        lines.append(f"steps above max_lock {report['max_lock']} (`schemac check` fails on them unless the specs "
                     "accept them with `accept_locks:`):")
        for step in above:
            lines.append(f"  {step['message']}" + (" (accepted by the specs)" if step["acknowledged"] else ""))
            if step["spec"] and step["spec"]["path"]:
                lines.append(f"      at: {step['spec']['path']}")
    blocking = report.get("blocks_writes") or []
    if blocking:
        lines.append("")
        lines.append("steps that block writes in online mode (`schemac check` fails on them unless the specs accept "
                     "them with `accept_locks:`):")
        for step in blocking:
            lines.append(f"  {step['message']}" + (" (accepted by the specs)" if step["acknowledged"] else ""))
            spec = step["spec"]
            if spec:
                lines.append(f"      at: {spec['file']}:{spec['line']}:{spec['column']}"
                             + (f" ({spec['path']})" if spec["path"] else ""))
    return lines


def _generate(args) -> int:
    from compiler import api
    from compiler.generated import DestructiveStepsRefused, write_migration
    from compiler.generated_lock import GeneratedLocked
    from compiler.generated_ready import GeneratedNotReady
    compiled = api.load(args.project)
    base = cli_live.live_base(args, compiled) if args.database_url else None
    try:
        result = write_migration(compiled, args.name, allow_destructive=args.allow_destructive,
                                 say=lambda text: print(text, file=sys.stderr), base=base)
    except GeneratedLocked as exc:
        print(f"schemac: error: {exc}; nothing written", file=sys.stderr)
        return EXIT_FAILED
    except GeneratedNotReady as exc:
        print("schemac: error: refusing to generate: generated/ is not consistent; nothing written", file=sys.stderr)
        for problem in exc.problems:
            print(f"{problem.file}: error: {problem.message}", file=sys.stderr)
            print(f"    repair: {problem.repair}", file=sys.stderr)
        print("then run `schemac check`, and generate again", file=sys.stderr)
        return EXIT_FAILED
    except DestructiveStepsRefused as exc:
        print(f"schemac: error: refusing to generate {exc.title}: {len(exc.steps)} destructive step(s) "
              "would destroy data:", file=sys.stderr)
        for step in exc.steps:
            print(f"  {step.message}", file=sys.stderr)
            if step.source is not None and step.source.path:
                print(f"      at: {step.source.path}", file=sys.stderr)
        print("nothing written; review them with `schemac plan`, then accept them with "
              "`schemac generate --allow-destructive`", file=sys.stderr)
        return EXIT_FAILED
    if result.directory is None:
        print(f"no changes: the specs match {'the database' if base is not None else 'generated/state.json'}; "
              "nothing written")
        return EXIT_OK
    from compiler.spec.load import display_path
    print(f"wrote {display_path(result.directory)} ({len(result.plan.steps)} steps)")
    for path in result.files:
        print(f"  {display_path(path)}")
    return EXIT_OK


def _check(args) -> int:
    from compiler import api
    from compiler.check import check
    compiled = api.load(args.project)
    report = check(compiled)
    for problem in report.problems:
        print(github_annotation(problem) if args.format == "github" else check_line(problem))
    count = f"{report.migrations} migration(s)" if report.migrations != 1 else "1 migration"
    other = ""
    if report.other_generator:
        other = (f" ({', '.join(report.other_generator)} written by another schemac version: checked by "
                 "checksum and accepted steps, not regenerated)")
    if report.ok:
        print(f"schemac check: {count}, all consistent{other}")
        return EXIT_OK
    print(f"schemac check: {count}, {len(report.problems)} problem(s){other}")
    return EXIT_FAILED


def check_line(problem) -> str:
    """`path:line:col: error: reason (hint: ...)`, one line per problem."""
    hint = f" (hint: {problem.hint})" if problem.hint else ""
    return f"{problem.file}:{problem.line}:{problem.column}: error: {problem.message}{hint}"


def _github_escape(text: str, *, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping: % CR LF in messages, and also : ,
    in property values."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(problem) -> str:
    """A GitHub Actions error annotation at the problem's file and line."""
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    return (f"::error file={_github_escape(problem.file, property_value=True)},line={problem.line},"
            f"col={problem.column},title={_github_escape('schemac check', property_value=True)}::"
            f"{_github_escape(message)}")


def _sql(args) -> int:
    from compiler import api
    compiled = api.load(args.project, args.paths or None)
    files = api.migration("0001_preview", compiled)
    sys.stdout.write(getattr(files, args.script))
    return EXIT_OK


def _test(args) -> int:
    from compiler import api, selftest
    _check_database_url(args.database_url)
    compiled = api.load(args.project, args.paths or None)
    files = api.migration("0001_test", compiled)
    where = args.database_url and "the given server" or "an embedded PostgreSQL"
    print(f"testing a migration of {len(files.plan.steps)} steps and {len(compiled.tests)} spec test(s) on {where}")
    width = max([52] + [len(f"test {t.domain}.{t.name}") for t in compiled.tests])

    def show(step) -> None:
        mark = "ok  " if step.ok else "FAIL"
        print(f"  {mark} {step.name:<{width}} {step.seconds * 1000:8.1f} ms", flush=True)
        for problem in step.detail[:50]:
            print(masked("\n".join(f"         {line}" for line in problem.splitlines()), args.database_url))
        if len(step.detail) > 50:
            print(f"         ... and {len(step.detail) - 50} more")

    report = selftest.run(files, compiled, args.database_url, show)
    version = report.server_version
    failed = [s for s in report.steps if not s.ok]
    summary = "all steps passed" if report.ok else f"FAILED ({len(failed)} of {len(report.steps)} steps)"
    print(f"PostgreSQL {version // 10000}.{version % 10000}: {summary}")
    return EXIT_OK if report.ok else EXIT_FAILED


def _schema(args) -> int:
    from compiler.spec.jsonschema import spec_json_schema
    print(json.dumps(spec_json_schema(), indent=2, sort_keys=True))
    return EXIT_OK


COMMANDS = {"validate": _validate, "plan": _plan, "generate": _generate, "check": _check, "sql": _sql,
            "test": _test, "schema": _schema, "inspect": cli_live.inspect, "drift": cli_live.drift,
            "apply": cli_deploy.apply, "status": cli_deploy.status, "rollback": cli_deploy.rollback,
            "bundle": cli_deploy.bundle, "import": cli_import.run}
