"""YAML that would expand without bound (aliases of aliases, long merge-key
chains) is refused fast, with a located error, before anything is expanded."""

from __future__ import annotations

import time

from compiler.cli import EXIT_FAILED, main
from compiler.spec.source import MAX_ALIAS_VALUES, MAX_DEPTH, parse_document


def billion_laughs(levels: int = 9) -> str:
    """10^levels values once expanded, from a dozen lines."""
    lines = ["domain: laughs", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, levels)]
    lines.append(f"tables: *l{levels - 1}")
    return "\n".join(lines) + "\n"


def merge_chain(depth: int) -> str:
    """Each mapping merges the one before it (`<<: *m<i-1>`)."""
    lines = ["m0: &m0 {k0: v}"] + [f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: v}}" for i in range(1, depth)]
    lines.append(f"tables: {{t: {{columns: *m{depth - 1}}}}}")
    return "\n".join(lines) + "\n"


def _timed(text: str):
    started = time.perf_counter()
    document = parse_document(text, "bomb.yaml")
    return document, time.perf_counter() - started


def test_billion_laughs_is_refused_fast_at_its_place():
    document, seconds = _timed(billion_laughs())
    assert seconds < 0.5
    assert document.data is None
    [error] = document.errors
    assert f"repeat more than {MAX_ALIAS_VALUES:,} values" in error.message
    assert error.hint
    # the sequence holding the alias that passes the bound: line 6 is `l4: &l4 [*l3, ...]`
    assert (error.file, error.line, error.path) == ("bomb.yaml", 6, "l4[7]")


def test_a_thousand_deep_merge_chain_is_refused_fast_at_its_place():
    document, seconds = _timed(merge_chain(1000))
    assert seconds < 0.5
    assert document.data is None
    [error] = document.errors
    assert f"more than {MAX_DEPTH} levels" in error.message
    # the mapping merged at the level past the bound (line 63 is m62, which m63 merges)
    assert (error.line, error.path) == (MAX_DEPTH - 1, f"m{MAX_DEPTH - 1}")


def test_a_deep_chain_of_aliased_lists_is_refused():
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 2000)] + ["tables: *a1999"]
    document, seconds = _timed("\n".join(lines) + "\n")
    assert seconds < 0.5
    [error] = document.errors
    assert f"more than {MAX_DEPTH} levels" in error.message


def test_aliases_and_merge_keys_of_real_size_still_load():
    document, _ = _timed(merge_chain(10))
    assert not document.errors
    assert document.data["tables"]["t"]["columns"] == {f"k{i}": "v" for i in range(10)}
    document, _ = _timed(billion_laughs(4))  # 10,000 values
    assert not document.errors and len(document.data["tables"]) == 10


def test_schemac_validate_reports_a_bomb_as_a_spec_error(tmp_path, capsys):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "laughs.yaml").write_text(billion_laughs(), encoding="utf-8")
    (tmp_path / "specs" / "chain.yaml").write_text(merge_chain(1000), encoding="utf-8")
    started = time.perf_counter()
    code = main(["-C", str(tmp_path), "validate"])
    assert time.perf_counter() - started < 1
    err = capsys.readouterr().err
    assert code == EXIT_FAILED
    assert "laughs.yaml:6:" in err and "chain.yaml:63:" in err and "2 error(s)" in err
