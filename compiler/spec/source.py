"""YAML documents that remember where each value came from.

Scalars are kept as the text the user wrote (only a plain `null`, `~` or an
empty value becomes None). Pydantic then coerces text to bool or int where a
model asks for it, and SQL expressions keep their exact spelling: `default: 0`
stays `0` and `default: 1.50` stays `1.50`. The node tree is kept so that an
error found later, by Pydantic or by the resolver, can be turned into a line
and column by walking the key path (`locate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from compiler.errors import SpecError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"

Path_ = tuple  # a key path: strings for mapping keys, ints for list positions


@dataclass
class SourceDocument:
    file: str
    root: yaml.Node | None
    data: Any
    errors: list[SpecError] = field(default_factory=list)

    def locate(self, path: Path_, at_key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the deepest node on `path` that exists."""
        node = self.root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for step in path:
            found = _child(node, step)
            if found is None:
                break
            key_node, node = found
            mark = key_node.start_mark if (at_key and key_node is not None) else node.start_mark
        return mark.line + 1, mark.column + 1

    def error_in_value(self, path: Path_, offset: int, message: str, hint: str = "") -> SpecError:
        """An error at `offset` characters into the scalar at `path` (exact for
        one-line plain and quoted scalars; the value's start otherwise)."""
        line, column = self.locate(path)
        node = self.root
        for step in path:
            found = _child(node, step) if node is not None else None
            node = found[1] if found else None
        if isinstance(node, yaml.ScalarNode) and "\n" not in node.value and node.start_mark.line == node.end_mark.line:
            column += offset + (1 if node.style in ("'", '"') else 0)
        return SpecError(self.file, line, column, format_path(path), message, hint)

    def error(self, path: Path_, message: str, hint: str = "", at_key: bool = False) -> SpecError:
        line, column = self.locate(path, at_key=at_key)
        return SpecError(self.file, line, column, format_path(path), message, hint)


def format_path(path: Path_) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


def _child(node: yaml.Node, step):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in _pairs(node):
            if key_node.value == step:
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            return None, node.value[step]
    return None


def _pairs(node: yaml.MappingNode):
    """Key/value node pairs, with YAML merge keys (`<<: *base`) expanded."""
    own = [(k, v) for k, v in node.value if k.tag != _MERGE]
    names = {k.value for k, _ in own}
    merged = []
    for k, v in node.value:
        if k.tag != _MERGE:
            continue
        sources = v.value if isinstance(v, yaml.SequenceNode) else [v]
        for source in sources:
            if isinstance(source, yaml.MappingNode):
                for mk, mv in _pairs(source):
                    if mk.value not in names:
                        names.add(mk.value)
                        merged.append((mk, mv))
    return own + merged


def read_document(path: Path, display: str) -> SourceDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return SourceDocument(display, None, None, [
            SpecError(display, 1, 1, "", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})",
                      "save the spec as UTF-8")])
    return parse_document(text, display)


def parse_document(text: str, display: str) -> SourceDocument:
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        return SourceDocument(display, None, None, [
            SpecError(display, line, column, "", f"YAML syntax error: {problem}{context}",
                      "check indentation, colons and quotes on this line; quote values that contain ': ' or start with a special character")])
    except yaml.YAMLError as exc:  # reader errors: bad characters
        return SourceDocument(display, None, None, [SpecError(display, 1, 1, "", f"YAML error: {exc}", "")])
    nodes = [n for n in nodes if n is not None]
    if len(nodes) > 1:
        second = nodes[1].start_mark
        return SourceDocument(display, nodes[0], None, [
            SpecError(display, second.line + 1, second.column + 1, "", "a spec file holds one YAML document, this one holds several",
                      "split the documents into separate files, or remove the '---' separator")])
    root = nodes[0] if nodes else None
    errors: list[SpecError] = []
    data = _to_data(root, display, errors, ()) if root is not None else None
    return SourceDocument(display, root, data, errors)


def _to_data(node: yaml.Node, file: str, errors: list[SpecError], path: Path_) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _NULL else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, file, errors, path + (i,)) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in _pairs(node):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                mark = key_node.start_mark
                errors.append(SpecError(file, mark.line + 1, mark.column + 1, format_path(path), "a mapping key must be a plain name",
                                        "write the key as text, e.g. `name:`"))
                continue
            key = key_node.value
            if key in first_seen:
                mark = key_node.start_mark
                errors.append(SpecError(
                    file, mark.line + 1, mark.column + 1, format_path(path + (key,)), f"duplicate key `{key}`",
                    f"it is already defined at line {first_seen[key].start_mark.line + 1}; YAML keeps only one, so remove or rename one of them"))
                continue
            first_seen[key] = key_node
            result[key] = _to_data(value_node, file, errors, path + (key,))
        return result
    return None
