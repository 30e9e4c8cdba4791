"""`schemac bundle`: the migrations of generated/ as an artifact a DBA runs
without Python on the database host. Each format is a function from the
migrations to {relative path: text}; `write_bundle` writes it, with a
manifest of checksums (`sha256sum -c manifest.sha256`)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from compiler.deploy.migrations import local_migrations
from compiler.errors import UsageError

MANIFEST = "manifest.sha256"


FORMATS = ("psql", "sqitch", "flyway", "pgtap")


def bundle_files(root: Path, fmt: str) -> dict[str, str]:
    """The files of the bundle of the project at `root` in format `fmt`,
    with its manifest: psql and sqitch bundle generated/'s migrations,
    pgtap the specs' behavioural tests."""
    from compiler import api
    from compiler.bundle import flyway, pgtap, psql, sqitch
    from compiler.spec.load import load_project
    project = load_project(root)
    if fmt == "pgtap":
        tests = api.load(root).tests
        if not tests:
            raise UsageError("the specs have no `tests:` to export")
        files = pgtap.files(tests, project.root.name)
    else:
        migrations = local_migrations(project.generated_dir)
        if not migrations:
            raise UsageError("generated/ has no migration to bundle: run `schemac generate` first")
        files = {"psql": psql.files, "sqitch": sqitch.files, "flyway": flyway.files}[fmt](migrations, project.root.name)
    files[MANIFEST] = "".join(f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}  {path}\n"
                              for path, text in sorted(files.items()))
    return files


def write_bundle(files: dict[str, str], out: Path, force: bool = False) -> list[Path]:
    """Write the bundle into `out`, which must be missing, empty, or (with
    `force`) a bundle written before (it holds a manifest), replaced whole."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise UsageError(f"{out} is not empty: give a new folder, or --force to replace the bundle in it")
        if not (out / MANIFEST).is_file():
            raise UsageError(f"{out} holds no {MANIFEST}: it is not a bundle, so --force does not replace it")
        shutil.rmtree(out)
    written = []
    for path, text in sorted(files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
        written.append(target)
    return written
