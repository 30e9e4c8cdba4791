"""Hypothesis strategies of whole schemac projects (tests/test_roundtrip_properties.py).

`projects(version, kinds)` draws a project: schemac.yaml and several domain
spec files, over the breadth of the spec language, with hostile names. Each
kind of object introspection does not read yet is behind a switch
(`kinds.KINDS`), so the read-back tests generate only what is read today.
"""

from tests.strategies.kinds import ALL_KINDS, KINDS
from tests.strategies.project import Project, projects

__all__ = ["ALL_KINDS", "KINDS", "Project", "projects"]
