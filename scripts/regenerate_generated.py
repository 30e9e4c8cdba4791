"""Rewrite a project's committed migrations from their snapshots.

For schemac's maintainers: a change to what schemac writes (a template, the
layout of verify.sql, the steps chosen for a change) makes the committed
migrations of the example project differ from what it now generates, and
`schemac check` rightly fails. This script renders every migration folder
again exactly as `schemac check` does (from the snapshot before it, its own
snapshot, and the evolution hints and acceptance records of its plan.json),
writes the files that differ, copies the newest snapshot to
generated/state.json and updates generated/schemac.sum. Review the diff of
generated/ before committing it: only the intended change should show. It
also rewrites templates/deploy/history_layout.sql, the stored rendering of
the deploy history's layout, when its template changed.

    .venv/bin/python scripts/regenerate_generated.py [PROJECT]     # default: .
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from compiler import api
from compiler.check import regenerated_files
from compiler.generated import MIGRATION_FILES, STATE_FILE, migration_dirs, read_state, update_sums, write_file
from compiler.render import deploy


def regenerate(root: Path) -> list[Path]:
    compiled = api.load(root)
    generated = compiled.project.generated_dir
    previous, changed = api.EMPTY, []
    for directory in migration_dirs(generated):
        target = read_state(directory / STATE_FILE)
        plan_path = directory / "plan.json"
        plan_text = plan_path.read_text(encoding="utf-8") if plan_path.is_file() else None
        files, _, _ = regenerated_files(compiled, directory, previous, target, plan_text)
        for name in MIGRATION_FILES:
            path = directory / name
            if not path.is_file() or path.read_text(encoding="utf-8") != files[name]:
                write_file(path, files[name])
                changed.append(path)
        previous = read_state(directory / STATE_FILE)
    migrations = migration_dirs(generated)
    if migrations:
        newest = migrations[-1] / STATE_FILE
        if (generated / STATE_FILE).read_bytes() != newest.read_bytes():
            shutil.copyfile(newest, generated / STATE_FILE)
            changed.append(generated / STATE_FILE)
    if changed:
        update_sums(generated, changed)
    return changed


def regenerate_history_layout() -> bool:
    """Store the deploy history layout's rendering when it differs; whether it did."""
    layout = deploy.render_history_layout()
    if deploy.LAYOUT_FILE.is_file() and deploy.LAYOUT_FILE.read_text(encoding="utf-8") == layout:
        return False
    deploy.LAYOUT_FILE.write_text(layout, encoding="utf-8", newline="")
    return True


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    if regenerate_history_layout():
        print(f"rewrote {deploy.LAYOUT_FILE}")
    changed = regenerate(root)
    for path in changed:
        print(f"rewrote {path.relative_to(root)}")
    print(f"{len(changed)} file(s) rewritten" if changed else "generated/ is already what schemac writes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
