"""What the steps of a recipe run in phases share (a table or a domain
copied, compiler/ops/table_copy.py, compiler/ops/domain_copy.py): each step
keeps the phase of the up migration it is (`up_phase`, in its key); reversed
(down.sql, `down`), it runs the recipe back, so the stage it runs is the
mirror phase (`STAGE_WHEN_DOWN`): the first phase of the reverse recipe is
the reverse of the last. `inside`: the form inside the migration's
transaction (compiler/plan/placement.py). The recipe's data is `copy`, which
reverses itself."""

from __future__ import annotations

from dataclasses import replace


class PhasedStep:
    STAGE_WHEN_DOWN: dict[str, str] = {}
    KINDS: dict[str, str] = {}  # the step's kind by the stage it runs
    TEMPLATE_PREFIX = ""

    @property
    def stage(self) -> str:
        """What the step runs."""
        return self.STAGE_WHEN_DOWN[self.up_phase] if self.down else self.up_phase  # type: ignore[attr-defined]

    @property
    def template(self):
        return f"{self.TEMPLATE_PREFIX}{self.stage}"

    @property
    def kind(self) -> str:
        return self.KINDS[self.stage]

    @property
    def creates(self):
        return not self.down  # type: ignore[attr-defined]

    def in_transaction(self):
        return replace(self, inside=True)  # type: ignore[type-var]

    def reverse(self):
        return replace(self, copy=self.copy.reverse(), down=not self.down, inside=False)  # type: ignore[type-var,attr-defined]
