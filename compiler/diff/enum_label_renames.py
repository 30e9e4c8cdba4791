"""Enum values a migration renames (`renamed_from` of a value) or remaps
(`remap:`), as compiler/diff/renames.py carries them into the previous
catalog before the diff.

The values themselves are left to the enum comparator (compiler/diff/enums.py:
in place or by a type swap); here they only carry column defaults over to
the new label (PostgreSQL shows a renamed value's new label, and the swap
sets the new one for a remapped value), recording the defaults as they were
for the swap; name the renamed labels for the SQL texts carried
(`NameChanges.labels`); and keep the texts that took the new labels as they
were (`labels_as_they_were`), for down.sql."""

from __future__ import annotations

import dataclasses
from typing import Callable

from compiler.catalog.objects import ColumnDefault, Enum, Table
from compiler.render.renamed import NameChanges

Objects = dict  # key -> catalog object
Rule = Callable[[object], object]


def has_label_changes(after: Objects) -> bool:
    return any(isinstance(o, Enum) and (o.value_renames or o.remap) for o in after.values())


def enum_label_changes(old: Enum, new: Enum) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(renames, remaps) of `new`'s hints that apply to `old`: each a tuple of
    (previous label, new label)."""
    renamed = tuple((previous, label) for label, previous in new.value_renames
                    if previous in old.values and label not in old.values and label in new.values)
    gone = {previous for previous, _ in renamed}
    remapped = tuple((previous, label) for previous, label in new.remap
                     if previous in old.values and previous not in new.values and previous not in gone)
    return renamed, remapped


def renamed_labels(before: Objects, after: Objects) -> dict[str, str]:
    """{previous label: new label} of the values renamed in place, over all
    enums (the labels SQL texts carry, compiler/render/renamed.py)."""
    labels: dict[str, str] = {}
    for obj in after.values():
        if isinstance(obj, Enum) and obj.value_renames and isinstance(before.get(obj.key), Enum):
            labels.update(enum_label_changes(before[obj.key], obj)[0])
    return labels


def enum_value_defaults(before: Objects, after: Objects, prior: dict) -> Rule:
    """Column defaults holding a renamed or remapped enum value show the new
    label: PostgreSQL shows it once the value is renamed, and the enum's
    type swap sets it for a remapped value. `prior` records the defaults as
    they were, for the swap."""
    labels: dict[tuple[str, str], dict[str, str]] = {}
    for obj in after.values():
        if isinstance(obj, Enum) and isinstance(before.get(obj.key), Enum):
            renamed, remapped = enum_label_changes(before[obj.key], obj)
            if renamed or remapped:
                labels[(obj.schema, obj.name)] = dict(renamed + remapped)

    def rule(obj):
        if not isinstance(obj, Table):
            return obj
        columns = []
        for c in obj.columns:
            mapping = labels.get((c.type.schema, c.type.name), {}) if c.type.kind == "enum" else {}
            if c.default is not None and c.default.enum_label in mapping:
                prior[(obj.schema, obj.name, c.name)] = c.default
                c = dataclasses.replace(c, default=ColumnDefault(enum_label=mapping[c.default.enum_label]))
            columns.append(c)
        return dataclasses.replace(obj, columns=tuple(columns)) if any(
            a is not b for a, b in zip(columns, obj.columns)) else obj
    return rule


def labels_as_they_were(before: Objects, after: Objects, carried: Objects, changes: NameChanges,
                        carry_texts: Callable[[object, object, NameChanges], object]) -> Objects:
    """The objects of `carried` whose texts took the target's enum labels
    (an unchanged view naming a renamed value shows the new label, as
    PostgreSQL shows it once the value is renamed), by key, with the renamed
    names carried but the labels as they were. An object that is taken down
    before the values change and made again after (around a type swap, a
    type change, a function made again) is made again by down.sql after the
    values are renamed back: with these texts. `carry_texts` is renames.py's
    (an object's texts carried through `changes`)."""
    if not changes.labels:
        return {}
    names_only = dataclasses.replace(changes, labels={})
    found = {}
    for key, obj in before.items():
        unlabelled = carry_texts(obj, after.get(key), names_only)
        if unlabelled != carried[key]:
            found[key] = unlabelled
    return found
