"""Spec documents as YAML text, the way examples/pagila/specs/pagila.yaml
is written: block style for sections, flow style (`{type: text, nullable:
false}`, `[a, b]`) for a mapping or list of scalars that fits on its line,
literal blocks (`|`) for texts of several lines, quotes only where YAML
would read a text as something else (`"true"`, `"3"`). Deterministic: the
same documents give the same bytes."""

from __future__ import annotations

import re

import yaml

WIDTH = 118  # a flow mapping longer than this on its line is written in block style
_LITERAL = re.compile(r"(^|\s)\|[-+0-9]*$")
SCHEMA_LINE = "# yaml-language-server: $schema={path}\n"


class _Dumper(yaml.SafeDumper):
    """SafeDumper whose texts of several lines are literal blocks, whose
    lists are indented below their key, and whose quoted texts holding a
    single quote (SQL literals) are double-quoted."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        if "\n" in self.event.value and style != "|":
            return '"'  # one line with `\n` escapes: a quoted text over several lines would be folded
        if style == "'" and "'" in self.event.value and not self.analysis.multiline:
            return '"'
        return style


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _scalar_only(node) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return node.style != "|"
    if isinstance(node, yaml.SequenceNode):
        return all(isinstance(item, yaml.ScalarNode) and item.style != "|" for item in node.value)
    return False


def _flow_fits(node, indent: int, key_width: int) -> bool:
    """Whether `node` in flow style fits on the line of its key."""
    inner = [value for _, value in node.value] if isinstance(node, yaml.MappingNode) else []
    for n in (node, *inner):
        if not isinstance(n, yaml.ScalarNode):
            n.flow_style = True
    text = yaml.serialize(node, Dumper=_Dumper, width=10 ** 6, allow_unicode=True)
    text = text.removesuffix("\n...\n").rstrip("\n")
    return "\n" not in text and indent + key_width + len(text) <= WIDTH


def _styled(node, indent: int = 0, key_width: int = 0, top: bool = True):
    """Sets each collection node's flow style: flow when it holds only
    scalars (a mapping: scalars and lists of scalars) and fits its line."""
    if isinstance(node, yaml.MappingNode):
        simple = all(_scalar_only(value) for _, value in node.value)
        node.flow_style = bool(not top and node.value and simple and _flow_fits(node, indent, key_width))
        if not node.flow_style:
            for key, value in node.value:
                _styled(value, indent + 2, len(str(key.value)) + 2, top=False)
    elif isinstance(node, yaml.SequenceNode):
        simple = all(isinstance(item, yaml.ScalarNode) and item.style != "|" for item in node.value)
        node.flow_style = bool(not node.value or simple and _flow_fits(node, indent, key_width))
        if not node.flow_style:
            for item in node.value:
                _styled(item, indent + 2, 2, top=False)
    return node


def dump(document: dict, schema_path: str | None = None) -> str:
    """The YAML text of one spec document (a plain dict)."""
    dumper = _Dumper("", sort_keys=False)
    node = _styled(dumper.represent_data(document))
    text = yaml.serialize(node, Dumper=_Dumper, width=10 ** 6, allow_unicode=True,
                          explicit_start=False)
    text = _blank_lines(text)
    return (SCHEMA_LINE.format(path=schema_path) if schema_path else "") + text


def _blank_lines(text: str) -> str:
    """A blank line between top-level sections and between the entries
    (tables, enums ...) of a section written in block style, as people
    space them; never inside a literal block."""
    lines = text.splitlines()
    out: list[str] = []
    block = None  # the indentation of the key of the literal block being read
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if not line.strip() or indent > block:
                out.append(line)
                continue
            block = None
        if _LITERAL.search(line):
            block = indent
        starts_section = line and indent == 0 and i > 0 and (line.endswith(":") or lines[i - 1].startswith(" "))
        starts_entry = (indent == 2 and line.endswith(":") and i > 0 and not lines[i - 1].endswith(":")
                        and not line.lstrip().startswith("-"))
        if (starts_section or starts_entry) and out and out[-1] != "":
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"
