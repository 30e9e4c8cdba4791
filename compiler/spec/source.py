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

from compiler.control_chars import escaped
from compiler.errors import SpecError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))


class _Loader(_BaseLoader):
    """Tags only what schemac reads: plain nulls and merge keys. Every other
    scalar stays text, so PyYAML's regex-based resolution of ints, floats,
    booleans and timestamps is skipped."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULL_WORDS:
                    return _NULL
                if value == "<<":
                    return _MERGE
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"

Path_ = tuple  # a key path: strings for mapping keys, ints for list positions


@dataclass
class SourceDocument:
    file: str
    root: yaml.Node | None
    data: Any
    errors: list[SpecError] = field(default_factory=list)
    _key_index: dict = field(default_factory=dict, repr=False, compare=False)
    text: str = field(default="", repr=False, compare=False)  # the source, for places inside `|` blocks

    def _child(self, node: yaml.Node, step):
        """The (key node, value node) at `step` below `node`; mappings are
        indexed once per document, so locating stays cheap for big files."""
        if isinstance(node, yaml.MappingNode):
            index = self._key_index.get(id(node))
            if index is None:
                index = self._key_index[id(node)] = {}
                for key_node, value_node in _pairs(node):
                    if isinstance(key_node, yaml.ScalarNode):
                        index.setdefault(key_node.value, (key_node, value_node))
            return index.get(step)
        return _child(node, step)

    def locate(self, path: Path_, at_key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the deepest node on `path` that exists."""
        node = self.root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for step in path:
            if isinstance(step, str) and not isinstance(node, yaml.MappingNode):
                continue  # a short form (`tags: text[]`, `[a, b]`) stands for {step: node}
            found = self._child(node, step)
            if found is None:
                break
            key_node, node = found
            mark = key_node.start_mark if (at_key and key_node is not None) else node.start_mark
        return mark.line + 1, mark.column + 1

    def error_in_value(self, path: Path_, offset: int, message: str, hint: str = "") -> SpecError:
        """An error at `offset` characters into the scalar at `path` (exact for
        one-line plain and quoted scalars; the value's start otherwise)."""
        line, column = self.locate(path)
        node = self._node(path)
        if isinstance(node, yaml.ScalarNode) and "\n" not in node.value and node.start_mark.line == node.end_mark.line:
            column += offset + (1 if node.style in ("'", '"') else 0)
        elif isinstance(node, yaml.ScalarNode) and node.style == "|" and self.text:
            line, column = self._in_literal_block(node, offset) or (line, column)
        return SpecError(self.file, line, column, format_path(path), message, hint)

    def _in_literal_block(self, node: yaml.ScalarNode, offset: int) -> tuple[int, int] | None:
        """Line and column of `offset` into the value of a `|` block: its
        lines are the source lines below the indicator, less the indentation."""
        lines = self.text.split("\n")
        first = node.start_mark.line + 1
        while first < len(lines) and not lines[first].strip():
            first += 1  # leading empty lines are kept in the value as "\n"
        if first >= len(lines):
            return None
        indent = len(lines[first]) - len(lines[first].lstrip(" "))
        before = node.value[:offset]
        row = before.count("\n")
        within = offset - (before.rfind("\n") + 1)
        number = node.start_mark.line + 1 + row
        if number >= len(lines):
            return None
        return number + 1, indent + within + 1

    def is_mapping(self, path: Path_) -> bool:
        """Whether the value at `path` is written as a mapping (long form)."""
        return isinstance(self._node(path), yaml.MappingNode)

    def _node(self, path: Path_) -> yaml.Node | None:
        """The node at exactly `path` (short forms see through), or None."""
        node = self.root
        for step in path:
            if node is None:
                return None
            if isinstance(step, str) and not isinstance(node, yaml.MappingNode):
                continue
            found = self._child(node, step)
            node = found[1] if found else None
        return node

    def error(self, path: Path_, message: str, hint: str = "", at_key: bool = False) -> SpecError:
        line, column = self.locate(path, at_key=at_key)
        return SpecError(self.file, line, column, format_path(path), message, hint)


def format_path(path: Path_) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + escaped(str(step))  # a key's line break stays on the error's line
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


def _pairs(node: yaml.MappingNode, visiting: frozenset = frozenset()):
    """Key/value node pairs, with YAML merge keys (`<<: *base`) expanded
    (a merge that would include the mapping itself is skipped)."""
    if not any(k.tag == _MERGE for k, _ in node.value):
        return node.value  # the common case: no merge key
    visiting = visiting | {id(node)}
    own = [(k, v) for k, v in node.value if k.tag != _MERGE]
    names = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
    merged = []
    for k, v in node.value:
        if k.tag != _MERGE:
            continue
        sources = v.value if isinstance(v, yaml.SequenceNode) else [v]
        for source in sources:
            if isinstance(source, yaml.MappingNode) and id(source) not in visiting:
                for mk, mv in _pairs(source, visiting):
                    if isinstance(mk, yaml.ScalarNode) and mk.value not in names:
                        names.add(mk.value)
                        merged.append((mk, mv))
    return own + merged


def read_document(path: Path, display: str) -> SourceDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return SourceDocument(display, None, None, [
            SpecError(display, 1, 1, "", f"cannot read this spec file: {exc.strerror or exc}",
                      f"make it readable by the user running schemac (e.g. `chmod u+r {display}`)")])
    except UnicodeDecodeError as exc:
        return SourceDocument(display, None, None, [
            SpecError(display, 1, 1, "", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})",
                      "save the spec as UTF-8")])
    return parse_document(text, display)


def parse_document(text: str, display: str) -> SourceDocument:
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        return SourceDocument(display, None, None, [_syntax_error(exc, text, display)])
    except yaml.reader.ReaderError as exc:  # characters YAML does not allow
        return SourceDocument(display, None, None, [_character_error(exc, text, display)])
    except yaml.YAMLError as exc:
        return SourceDocument(display, None, None, [SpecError(display, 1, 1, "", f"YAML error: {exc}", _SYNTAX_HINT)])
    nodes = [n for n in nodes if n is not None]
    if len(nodes) > 1:
        line = _separator_line(text, nodes[0].end_mark.line, nodes[1].start_mark.line)
        return SourceDocument(display, nodes[0], None, [
            SpecError(display, line + 1, 1, "", "a spec file holds one YAML document, this one holds several",
                      "split the documents into separate files, or remove the '---' separator")])
    root = nodes[0] if nodes else None
    errors: list[SpecError] = []
    # a plain document (no anchor `&name`, no merge key `<<`): no alias can refer to a value containing
    # it and no mapping merges another, so neither needs looking for
    ancestors = frozenset() if "&" in text or "<<" in text else None
    if root is not None and ancestors is not None:
        bomb = _expansion_error(root, display)
        if bomb is not None:
            return SourceDocument(display, root, None, [bomb], text=text)
    data = _to_data(root, display, errors, (), ancestors) if root is not None else None
    return SourceDocument(display, root, data, errors, text=text)


_SYNTAX_HINT = ("check indentation, colons and quotes on this line; quote values that contain ': ' "
                "or start with a special character")
_OPENERS = {"while parsing a flow mapping": "{", "while parsing a flow sequence": "["}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> SpecError:
    """A YAML syntax error placed where the user can fix it: a tab at the tab,
    an unclosed `{`, `[` or quote at its opening rather than where the parser
    gave up, anything else where the parser stopped."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return SpecError(display, 1, 1, "", f"YAML syntax error: {exc.problem or 'invalid YAML'}", _SYNTAX_HINT)
    where, message, hint = _explain(exc, mark, text)
    return SpecError(display, where.line + 1, where.column + 1, "", f"YAML syntax error: {message}", hint)


def _explain(exc: yaml.MarkedYAMLError, mark, text: str) -> tuple:
    """(mark to report at, message, hint) for the common YAML mistakes."""
    problem = exc.problem or "invalid YAML"
    start = exc.context_mark
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return mark, "a tab character is used for indentation", "YAML indents with spaces only; replace the tab with spaces"
    opener = _OPENERS.get(exc.context or "")
    if opener and start is not None and start.line < mark.line:
        closer = "}" if opener == "{" else "]"
        return start, f"the `{opener}` opened here is not closed", (
            f"add the missing `{closer}` (the parser gave up at line {mark.line + 1}, column {mark.column + 1}); "
            "quote a value that contains `,` or a bracket")
    trailing = _text_after_quoted(text, mark)
    if trailing is not None:
        return trailing
    if exc.context == "while scanning a quoted scalar" and start is not None:
        return start, "the quoted value that starts here is not closed", \
            "add the closing quote; write a quote inside a '...' value as ''"
    if exc.context == "while parsing a block mapping" and problem.startswith("did not find expected key") and start:
        return mark, "this line is not indented like the keys above it", (
            f"the keys of one mapping start in the same column; the mapping that starts at line {start.line + 1} "
            f"has its keys in column {start.column + 1}: line the key up with its siblings")
    if problem == "mapping values are not allowed in this context":
        return mark, problem, "quote a value that contains ': ' (e.g. `check: \"a: b\"`), or indent this key like the keys above it"
    context = f" ({exc.context})" if exc.context else ""
    return mark, f"{problem}{context}", _SYNTAX_HINT


def _quoted_end(line: str, start: int) -> int:
    """Index of the quote that closes the YAML quoted scalar opening at `start`, or -1."""
    quote, i = line[start], start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            if quote == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _single_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _text_after_quoted(text: str, mark):
    """(mark, message, hint) when the parser stopped at text that follows a
    closed quoted value on the same line, as in `check: "userName" <> ''`:
    a quoted YAML value ends at its closing quote."""
    lines = text.split("\n")
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    i = 0
    while i < min(mark.column, len(line)):
        if line[i] in "\"'" and (not line[:i].strip() or line[:i].rstrip()[-1] in ":-[{,"):
            end = _quoted_end(line, i)
            if end < 0 or end >= mark.column:
                return None
            rest = line[end + 1:].strip()
            if rest and rest[0] not in ",}]#:":
                value_mark = yaml.Mark(mark.name, mark.index - (mark.column - i), mark.line, i, None, None)
                lead = line[:i].strip()
                if "{" in line[:i] or "[" in line[:i] or not lead:
                    example = "e.g. `check: " + _single_quoted('"userName" <> \'\'') + "`"
                else:
                    example = f"`{lead} {_single_quoted(line[i:].rstrip())}`"
                return value_mark, "a quoted YAML value cannot be followed by more text", (
                    f"the quotes end the YAML value here; quote the whole expression instead: {example} "
                    "(inside '...' a quote is written ''), or write the expression in a `|` block below the key")
            i = end + 1
            continue
        i += 1
    return None


def _character_error(exc: yaml.reader.ReaderError, text: str, display: str) -> SpecError:
    before = text[:exc.position]
    line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return SpecError(display, line, column, "", f"the file holds the control character U+{code:04X}, which YAML does not allow",
                     "delete it (it is often invisible: retype the line)")


def _separator_line(text: str, after: int, before: int) -> int:
    """0-based line of the `---` that starts the second document (or `before`)."""
    lines = text.splitlines()
    for number in range(after, min(before, len(lines) - 1) + 1):
        if lines[number].startswith("---"):
            return number
    return before


MAX_DEPTH = 64  # levels of mappings, lists and merged mappings (`<<: *base`) in one value; specs use about 10
MAX_ALIAS_VALUES = 100_000  # values that aliases (`*name`) may repeat in one document


class _Bomb(Exception):
    def __init__(self, node: yaml.Node, path: Path_, message: str, hint: str) -> None:
        self.node, self.path, self.message, self.hint = node, path, message, hint


def _expansion_error(root: yaml.Node, file: str) -> SpecError | None:
    """An error when aliases would repeat more than MAX_ALIAS_VALUES values
    (the "billion laughs": each alias repeats a value made of aliases), or
    when values nest deeper than MAX_DEPTH (through aliases and merge-key
    chains too). Measured on the node graph, each node once, so a document
    that would expand to 10^9 values is refused in microseconds, before
    anything is expanded; None when the document is fine. An alias is
    reported at the value that holds it (the composed graph keeps no place
    for the alias itself)."""
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (values once expanded, levels below it)
    in_progress: set[int] = set()
    repeated = 0

    def visit(node: yaml.Node, path: Path_, level: int, parent: yaml.Node) -> tuple[int, int]:
        nonlocal repeated
        known = measured.get(id(node))
        if known is not None:  # reached again: through an alias
            size, height = known
            repeated += size
            if repeated > MAX_ALIAS_VALUES:
                raise _Bomb(parent, path, f"aliases (*name) in this document repeat more than {MAX_ALIAS_VALUES:,} "
                            "values (an alias of a value made of aliases multiplies them)",
                            "write the values out, or use fewer levels of aliases")
            if level + height > MAX_DEPTH:
                raise _too_deep(node, path)
            return known
        if level > MAX_DEPTH:
            raise _too_deep(node, path)
        if isinstance(node, yaml.ScalarNode) or id(node) in in_progress:  # a recursive alias: see _to_data
            return 1, 0
        in_progress.add(id(node))
        size, height = 1, 0
        if isinstance(node, yaml.SequenceNode):
            children = [(path + (i,), item) for i, item in enumerate(node.value)]
        else:
            children = []
            for key, value in node.value:
                children.append((path, key))
                step = key.value if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE else None
                children.append((path + (step,) if step is not None else path, value))
        for child_path, child in children:
            child_size, child_height = visit(child, child_path, level + 1, node)
            size += child_size
            height = max(height, child_height + 1)
        in_progress.discard(id(node))
        measured[id(node)] = (size, height)
        return size, height

    try:
        visit(root, (), 0, root)
    except _Bomb as bomb:
        mark = bomb.node.start_mark
        return SpecError(file, mark.line + 1, mark.column + 1, format_path(bomb.path), bomb.message, bomb.hint)
    return None


def _too_deep(node: yaml.Node, path: Path_) -> _Bomb:
    return _Bomb(node, path, f"values nest more than {MAX_DEPTH} levels deep here (mappings, lists, aliases and "
                 "merge keys `<<` counted)", "a spec needs about 10 levels: flatten the aliases or merge-key chain")


def _to_data(node: yaml.Node, file: str, errors: list[SpecError], path: Path_,
             ancestors: frozenset | None = frozenset()) -> Any:
    """The plain data of a node: str or None scalars, lists, dicts. `ancestors`
    (ids of the collections being converted) catches a recursive alias; None
    for a plain document (no anchors, no merge keys)."""
    if ancestors is not None:
        if id(node) in ancestors:
            mark = node.start_mark
            errors.append(SpecError(file, mark.line + 1, mark.column + 1, format_path(path),
                                    "this alias refers to a value that contains it (a recursive alias)",
                                    "an alias (*name) must point at a value defined outside itself"))
            return None
        if not isinstance(node, yaml.ScalarNode):
            ancestors = ancestors | {id(node)}
    if isinstance(node, yaml.ScalarNode):
        if "\x00" in node.value:
            errors.append(_nul_error(node, file, path))
        return None if node.tag == _NULL else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, file, errors, path + (i,), ancestors) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in (node.value if ancestors is None else _pairs(node)):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                mark = key_node.start_mark
                errors.append(SpecError(file, mark.line + 1, mark.column + 1, format_path(path), "a mapping key must be a plain name",
                                        "write the key as text, e.g. `name:`"))
                continue
            key = key_node.value
            if "\x00" in key:
                errors.append(_nul_error(key_node, file, path))
                continue
            if key in first_seen:
                mark = key_node.start_mark
                errors.append(SpecError(
                    file, mark.line + 1, mark.column + 1, format_path(path + (key,)), f"duplicate key `{key}`",
                    f"it is already defined at line {first_seen[key].start_mark.line + 1}; YAML keeps only one, so remove or rename one of them"))
                continue
            first_seen[key] = key_node
            result[key] = _to_data(value_node, file, errors, path + (key,), ancestors)
        return result
    return None


def _nul_error(node: yaml.ScalarNode, file: str, path: Path_) -> SpecError:
    mark = node.start_mark
    return SpecError(file, mark.line + 1, mark.column + 1, format_path(path), "this value holds a NUL character (`\\0`)",
                     "PostgreSQL text and names cannot hold NUL; remove the `\\0` escape")
