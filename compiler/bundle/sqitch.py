"""The Sqitch project: one change per migration, in order, each depending
on the one before. deploy/ and revert/ are the migrations' up.sql and
down.sql byte for byte; verify/ runs verify.sql failing on a difference
(`schemac.verify_fails`), and only while no later change is deployed."""

from __future__ import annotations

import re

from compiler.deploy.apply import TOOL
from compiler.deploy.migrations import Migration
from compiler.render.bundle import sqitch_file


def project_name(project: str) -> str:
    """A Sqitch project name from the project's folder name."""
    name = re.sub(r"[^A-Za-z0-9_]+", "_", project).strip("_")
    return name if name and not name[0].isdigit() else f"schemac_{name}"


def files(migrations: list[Migration], project: str) -> dict[str, str]:
    name = project_name(project)
    steps = [{"name": m.name, "steps": len(m.plan["steps"])} for m in migrations]
    out = {
        "sqitch.conf": sqitch_file("sqitch.conf"),
        "sqitch.plan": sqitch_file("sqitch.plan", project=name, migrations=steps, tool=TOOL),
        "README.md": sqitch_file("README.md", project=name, migrations=steps, tool=TOOL),
    }
    for i, m in enumerate(migrations):
        out[f"deploy/{m.name}.sql"] = m.text("up.sql")
        out[f"revert/{m.name}.sql"] = m.text("down.sql")
        out[f"verify/{m.name}.sql"] = sqitch_file("verify.sql", m=m, project=name, verify=m.text("verify.sql"),
                                                  later=[later.name for later in migrations[i + 1:]])
    return out
