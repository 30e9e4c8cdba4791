"""The objects an online type change's contract makes again, drawn in
transitively: a view (function, policy, trigger) the migration replaces in
its transaction, that waits for one the contract drops and makes again (a
view changed under a view over the converted column), is dropped and made in
the contract's transaction too, instead of keeping the table's rewriting
ALTER TABLE in the transaction (compiler/online/expand_contract.py)."""

from __future__ import annotations

from collections.abc import Callable

from compiler.ops.base import DROP, Op
from compiler.ops.replace import CreateReplacement, DropForReplacement


def draw_in(ops: list[Op], dependents: set[str], provided: Callable[[], set[str]],
            made_again: Callable[[object], bool]) -> None:
    """Add to `dependents` (keys of the objects a contract drops and makes
    again) each object the migration replaces (its drop and its create among
    `ops`, in the transaction) whose drop or create waits for a key of
    `provided()`, when the contract can make it again (`made_again`), until
    none is left."""
    replaced = {op.key: op for op in ops if isinstance(op, CreateReplacement)}
    drops = {op.key.removesuffix(DROP): op for op in ops if isinstance(op, DropForReplacement)}
    while True:
        keys = provided()
        found = {key for key in replaced.keys() & drops.keys() - dependents
                 if keys & {*replaced[key].requires(), *drops[key].requires()}
                 and made_again(drops[key].obj) and made_again(replaced[key].obj)}
        if not found:
            return
        dependents |= found
