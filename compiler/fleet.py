"""One command on many databases: the tenant-per-database fleet.

`apply`, `status`, `rollback` and `drift` take `--database-url` several
times, or `--targets FILE` (name -> the environment variable holding the
URL, so no password is ever stored), `--target NAME` to pick some, and
`--jobs N`. Each target runs as its own `schemac` process, N at a time,
with its URL passed in the environment (never on a command line, where
`ps` would show it); its output is printed as one block when it ends, in
target order, then a summary table. The exit code is the worst of them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import UsageError
from compiler.redact import masked, masked_url, url_passwords

URL_FROM_ENV = "env:"  # --database-url env:NAME reads the URL from $NAME
CHILD_URL_VARIABLE = "SCHEMAC_TARGET_URL"
_OUTCOMES = {0: "ok", 1: "not clean", 2: "usage error", 3: "database error"}


@dataclass(frozen=True)
class Target:
    name: str
    url: str


@dataclass(frozen=True)
class Result:
    target: Target
    code: int
    output: str
    seconds: float


def add_target_arguments(parser, what: str) -> None:
    parser.add_argument("--database-url", action="append", dest="database_urls", metavar="URL",
                        help=f"the database to {what} (repeatable; env:NAME reads the URL from $NAME)")
    parser.add_argument("--targets", type=Path, metavar="FILE",
                        help="a YAML file of databases: `targets: {name: {url_env: VARIABLE}}`")
    parser.add_argument("--target", action="append", dest="only", metavar="NAME",
                        help="only this target of --targets (repeatable)")
    parser.add_argument("--jobs", "-j", type=int, default=4, metavar="N",
                        help="how many databases at a time (default: 4)")


def url_value(text: str) -> str:
    """A --database-url as given, or the value of $NAME for `env:NAME`."""
    if not text.startswith(URL_FROM_ENV):
        return text
    name = text[len(URL_FROM_ENV):]
    value = os.environ.get(name)
    if not value:
        raise UsageError(f"--database-url {text}: the environment variable {name} is not set")
    return value


def targets_of(args) -> list[Target]:
    """The databases a command runs on, in the order given."""
    found = [Target(masked_url(url_value(url)), url_value(url)) for url in (args.database_urls or [])]
    if args.targets is not None:
        found += read_targets(args.targets)
    if args.only:
        names = {t.name for t in found}
        unknown = [name for name in args.only if name not in names]
        if unknown:
            raise UsageError(f"--target {', '.join(unknown)}: not in {args.targets} (it has {', '.join(sorted(names))})")
        found = [t for t in found if t.name in args.only]
    if not found:
        raise UsageError("give the database: --database-url URL (repeatable) or --targets FILE")
    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: at least 1")
    return found


def read_targets(path: Path) -> list[Target]:
    import yaml
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--targets {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"--targets {path}: not YAML ({str(exc).splitlines()[0]})") from None
    entries = data.get("targets") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise UsageError(f"--targets {path}: write `targets:` with one entry per database, e.g. "
                         "`targets: {tenant_a: {url_env: TENANT_A_URL}}`")
    found = []
    for name, entry in entries.items():
        if not isinstance(entry, dict) or set(entry) - {"url_env", "url"} or len(entry) != 1:
            raise UsageError(f"--targets {path}: target `{name}` needs one of `url_env: VARIABLE` (the URL comes "
                             "from the environment) or `url:` (without a password)")
        if "url" in entry:
            url = str(entry["url"])
            if url_passwords(url):
                raise UsageError(f"--targets {path}: target `{name}` stores a password in its url; keep "
                                 "passwords out of files: `url_env: VARIABLE`, PGPASSWORD or ~/.pgpass")
        else:
            url = url_value(URL_FROM_ENV + str(entry["url_env"]))
        found.append(Target(str(name), url))
    return found


def is_fleet(args) -> bool:
    return args.targets is not None or len(args.database_urls or []) > 1


def single_url(args) -> str:
    """The one database of a command that runs on one."""
    (target,) = targets_of(args)
    return target.url


_FLEET_OPTIONS = {"--database-url": True, "--targets": True, "--target": True, "--jobs": True, "-j": True}


def child_argv(argv: list[str]) -> list[str]:
    """The command line without the options that choose databases."""
    kept, skip = [], False
    for token in argv:
        if skip:
            skip = False
            continue
        option = token.split("=", 1)[0]
        if option in _FLEET_OPTIONS:
            skip = "=" not in token
            continue
        kept.append(token)
    return kept


def run(args, argv: list[str]) -> int:
    targets = targets_of(args)
    command = [sys.executable, "-m", "compiler", *child_argv(argv), "--database-url", URL_FROM_ENV + CHILD_URL_VARIABLE]

    def one(target: Target) -> Result:
        started = time.monotonic()
        env = {**os.environ, CHILD_URL_VARIABLE: target.url, "PYTHONPATH": os.pathsep.join(sys.path)}
        done = subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        output = masked(done.stdout + done.stderr, target.url)
        return Result(target, done.returncode, output, time.monotonic() - started)

    from concurrent.futures import ThreadPoolExecutor  # only a fleet needs threads
    with ThreadPoolExecutor(max_workers=min(args.jobs, len(targets))) as pool:
        results = list(pool.map(one, targets))
    for result in results:
        print(f"== {result.target.name}: {_OUTCOMES.get(result.code, f'exit {result.code}')} "
              f"({result.seconds:.2f} s)")
        print(result.output.rstrip() or "(no output)")
        print()
    print(summary(results))
    return max(r.code for r in results)


def summary(results: list[Result]) -> str:
    width = max(len("target"), *(len(r.target.name) for r in results))
    lines = [f"{'target':<{width}}  {'result':<14}  {'time':>8}  last line"]
    for r in results:
        last = next((line for line in reversed(r.output.splitlines()) if line.strip()), "")
        lines.append(f"{r.target.name:<{width}}  {_OUTCOMES.get(r.code, f'exit {r.code}'):<14}  "
                     f"{r.seconds:>7.2f}s  {last.strip()[:100]}")
    worst = max(r.code for r in results)
    lines.append(f"{len(results)} database(s): {sum(1 for r in results if r.code == 0)} ok"
                 + ("" if worst == 0 else f", {sum(1 for r in results if r.code)} not"))
    return "\n".join(lines)
