"""The on-disk cache of derived frames: rebuilt when an input changes, never trusted when corrupt."""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

from toolkit import framecache
from toolkit.framecache import CacheWarning, cached, entry_path
from toolkit.sources.cache import CACHE_ENV


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, in place of the user's."""
    root = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(root))
    monkeypatch.delenv(framecache.DISABLE_ENV, raising=False)
    return root


def _counting_build(path, calls):
    def build():
        calls.append(1)
        text = path.read_text(encoding="utf-8")
        return pd.DataFrame({"value": [int(v) for v in text.split()]})

    return build


def test_second_call_reads_the_cache(cache, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("1 2 3", encoding="utf-8")
    calls = []
    first = cached("numbers", [src], _counting_build(src, calls))
    again = cached("numbers", [src], _counting_build(src, calls))
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, again)
    assert entry_path("numbers", [src]).is_file()
    assert not list(entry_path("numbers", [src]).parent.glob(".tmp-*"))  # no partial write left


def test_changed_input_is_rebuilt(cache, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("1 2 3", encoding="utf-8")
    calls = []
    cached("numbers", [src], _counting_build(src, calls))
    src.write_text("1 2 4", encoding="utf-8")  # same size, other content
    out = cached("numbers", [src], _counting_build(src, calls))
    assert len(calls) == 2
    assert out["value"].tolist() == [1, 2, 4]


def test_a_file_added_to_an_input_folder_is_rebuilt(cache, tmp_path):
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "a.txt").write_text("1", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return sorted(p.name for p in folder.iterdir())

    assert cached("listing", [folder], build) == ["a.txt"]
    (folder / "b.txt").write_text("2", encoding="utf-8")
    assert cached("listing", [folder], build) == ["a.txt", "b.txt"]
    assert len(calls) == 2


def test_other_parameters_are_another_entry(cache, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("5", encoding="utf-8")
    assert cached("p", [src], lambda: "a", params={"x": 1}) == "a"
    assert cached("p", [src], lambda: "b", params={"x": 2}) == "b"
    assert cached("p", [src], lambda: "c", params={"x": 1}) == "a"


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit flipped in the payload
        lambda raw: b"not a cache file",  # something else
    ],
    ids=["truncated", "bit-flip", "foreign"],
)
def test_corrupt_cache_file_is_rebuilt_with_a_warning(cache, tmp_path, damage):
    src = tmp_path / "in.txt"
    src.write_text("7 8 9", encoding="utf-8")
    calls = []
    cached("numbers", [src], _counting_build(src, calls))
    path = entry_path("numbers", [src])
    path.write_bytes(damage(path.read_bytes()))
    with pytest.warns(CacheWarning, match="building 'numbers' again"):
        out = cached("numbers", [src], _counting_build(src, calls))
    assert len(calls) == 2
    assert out["value"].tolist() == [7, 8, 9]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rewritten: read again without a warning
        assert cached("numbers", [src], _counting_build(src, calls))["value"].tolist() == [7, 8, 9]
    assert len(calls) == 2


def test_switched_off(cache, tmp_path, monkeypatch):
    src = tmp_path / "in.txt"
    src.write_text("1", encoding="utf-8")
    monkeypatch.setenv(framecache.DISABLE_ENV, "off")
    calls = []
    cached("numbers", [src], _counting_build(src, calls))
    cached("numbers", [src], _counting_build(src, calls))
    assert len(calls) == 2
    assert not (cache / framecache.DERIVED).exists()


def test_unwritable_cache_still_returns_the_frame(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker))  # a file where the folder should be
    src = tmp_path / "in.txt"
    src.write_text("3", encoding="utf-8")
    with pytest.warns(CacheWarning, match="cannot write"):
        assert cached("numbers", [src], lambda: 3) == 3


def test_code_outside_the_toolkit_is_refused(cache, tmp_path):
    with pytest.raises(ValueError, match="only toolkit modules"):
        entry_path("x", [], code=["pandas"])
    with pytest.raises(ValueError, match="no such toolkit module"):
        entry_path("x", [], code=["toolkit.no_such_module"])


def test_partial_sets_reread_when_a_file_changes(cache, tmp_path, shared_file):
    """The OFAC partial sets' reader: a cached frame is never served for changed files."""
    from toolkit.sources.ofac_partial_sets import _read_sets, read_partial_sets

    src = shared_file("ofac-partial-sets")
    dated = sorted(p for p in src.iterdir() if p.is_dir())[0]
    copy = tmp_path / "sets"
    shutil.copytree(dated, copy / dated.name)
    first = read_partial_sets(copy)
    pd.testing.assert_frame_equal(first, _read_sets(copy, "cp1252"))
    add = copy / dated.name / "add.csv"
    lines = add.read_bytes().splitlines(keepends=True)
    add.write_bytes(b"".join(lines[: len(lines) // 2]))  # half the addresses
    changed = read_partial_sets(copy)
    assert len(changed) < len(first)
    pd.testing.assert_frame_equal(changed, _read_sets(copy, "cp1252"))
    # the cache file damaged: a warning, then the same frame as a fresh read
    for entry in (cache / framecache.DERIVED).rglob("*.pkl"):
        entry.write_bytes(entry.read_bytes()[:100])
    with pytest.warns(CacheWarning):
        again = read_partial_sets(copy)
    pd.testing.assert_frame_equal(again, changed)
    assert again.attrs == changed.attrs


def test_inputs_it_cannot_key_are_built_not_hashed(cache, tmp_path, monkeypatch):
    """A FIFO, a missing path or an oversized (sparse) file: built directly, nothing cached."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # hashing it would block
    assert cached("f", [fifo], lambda: "built") == "built"
    assert cached("m", [tmp_path / "missing"], lambda: "built") == "built"
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.truncate(framecache.MAX_HASH_BYTES + 1)  # sparse: no block written
    assert cached("b", [big], lambda: "built") == "built"
    assert not (cache / framecache.DERIVED).exists()
