"""The checked reading of a user's small files and the one hardened YAML loader (toolkit.io).

Generated hostile cases (counted in the printed hostile-input summary, reader ``yaml_loader``
and ``params_yaml``): every case ends in the toolkit's own error naming the path, or in a
correct read, within a few seconds.
"""

from __future__ import annotations

import os
import time

import pytest
from support.hostile import record

from toolkit.errors import DataFormatError, ParameterError
from toolkit.io import MAX_INT_DIGITS, MAX_YAML_DEPTH, load_yaml, read_text
from toolkit.report.params import read_yaml

#: Each case reads within this many seconds (the hangs of the probe took 30 s and more).
FAST = 3.0

#: (name, bytes of the file, the words of the error or None, the document when it reads)
YAML_CASES = [
    (
        "billion-laughs",
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                for p, n in zip("abcdefgh", "bcdefghi", strict=True)
            )
        ).encode(),
        "alias *a refused",
        None,
    ),
    ("laughs-in-sweep", b"sweep:\n  x: &x [1, 2]\n  y: *x\n", "alias *x refused", None),
    ("self-containing-list", b"&a [x, *a]\n", "alias *a refused", None),
    ("self-containing-map", b"&m {k: *m}\n", "alias *m refused", None),
    ("duplicate-key", b"a: 1\nb: 2\na: 3\n", "duplicate key 'a' (first at line 1)", None),
    ("duplicate-nested-key", b"x:\n  k: 1\n  k: 2\n", "duplicate key 'k'", None),
    ("5000-digit-integer", b"a: " + b"9" * 5000 + b"\n", "5,000 digits", None),
    ("31-digit-integer", b"a: -" + b"1" * 31 + b"\n", f"at most {MAX_INT_DIGITS}", None),
    ("30-digit-integer", b"a: " + b"1" * 30 + b"\n", None, {"a": int("1" * 30)}),
    ("hex-integer", b"a: 0x" + b"f" * 40 + b"\n", "40 digits", None),
    ("deep-flow", b"[" * 5000 + b"]" * 5000, f"nested deeper than {MAX_YAML_DEPTH}", None),
    (
        "deep-block",
        b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(1, 200)),
        f"nested deeper than {MAX_YAML_DEPTH}",
        None,
    ),
    (
        "dates-as-written",
        b"a: 2022-02-24\nb: 2022-02-24T10:00:00+05:00\nc: !!timestamp 2022-01-01\n",
        None,
        {"a": "2022-02-24", "b": "2022-02-24T10:00:00+05:00", "c": "2022-01-01"},
    ),
    ("utf8-bom", "\ufeffa: é\n".encode(), None, {"a": "é"}),
    ("utf16", "a: 1\n".encode("utf-16"), "UTF-16", None),
    ("utf16-no-bom", "a: 1\n".encode("utf-16-le"), "NUL bytes", None),
    ("cp1252", "a: café\n".encode("cp1252"), "not UTF-8 (saved as Windows-1252", None),
    ("malformed", b"a: [1\n", "YAML", None),
    ("empty", b"", None, None),
]


def _timed(fn, *args):
    start = time.monotonic()
    try:
        return fn(*args)
    finally:
        assert time.monotonic() - start < FAST, "too slow: a hostile file must fail fast"


@pytest.mark.parametrize("name, raw, words, expected", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_hardened_yaml_loader(tmp_path, name, raw, words, expected):
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(raw)
    if words is None:
        assert _timed(load_yaml, path) == expected
        record("yaml_loader", name, "equal")
        return
    with pytest.raises(DataFormatError) as err:
        _timed(load_yaml, path)
    assert words in str(err.value) and str(path) in str(err.value)
    record("yaml_loader", name, "error")


@pytest.mark.parametrize("name, raw, words, expected", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_params_files_get_the_same_loader(tmp_path, name, raw, words, expected):
    """A params file (or _constraints.yaml) ends in a ParameterError naming it, or reads."""
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(raw)
    if words is None:
        got = _timed(read_yaml, path)
        assert got == (expected if isinstance(expected, dict) else {})
        record("params_yaml", name, "equal")
        return
    with pytest.raises(ParameterError) as err:
        _timed(read_yaml, path)
    assert words in str(err.value) and str(path) in str(err.value)
    record("params_yaml", name, "error", error="ParameterError")


def _special_paths(tmp_path):
    """Paths that are not a regular readable file: (name, path, words of the error)."""
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    (tmp_path / "loop1.yaml").symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop1.yaml")
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:  # a sparse file: a huge hole of NUL bytes
        fh.truncate(50_000_000)
    return [
        ("folder", folder, "is a folder"),
        ("fifo", fifo, "is a named pipe (FIFO)"),
        ("device", "/dev/zero", "device, not a regular file"),
        ("symlink-loop", tmp_path / "loop1.yaml", "symbolic link loop"),
        ("missing", tmp_path / "absent.yaml", "no such file"),
        ("sparse-50MB", big, "over the 1,000,000-byte bound"),
    ]


def test_what_is_not_a_regular_file_is_refused_before_a_read(tmp_path):
    for name, path, words in _special_paths(tmp_path):
        with pytest.raises(DataFormatError) as err:
            _timed(load_yaml, path)
        assert words in str(err.value) and str(path) in str(err.value), name
        record("yaml_loader", name, "error")


def test_params_file_that_is_not_a_regular_file(tmp_path):
    for name, path, words in _special_paths(tmp_path):
        if name == "missing":
            words = "params file not found"
        with pytest.raises(ParameterError) as err:
            _timed(read_yaml, path)
        assert words in str(err.value) and str(path) in str(err.value), name
        record("params_yaml", name, "error", error="ParameterError")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a file without permission"
)
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(DataFormatError, match="cannot be read"):
        read_text(path, expected="a YAML file")
    with pytest.raises(ParameterError, match="cannot be read"):
        read_yaml(path)


def test_constraints_file_that_is_a_folder(tmp_path):
    from toolkit.report.params.profiles import load_constraints

    path = tmp_path / "_constraints.yaml"
    path.mkdir()
    with pytest.raises(ParameterError) as err:
        load_constraints(path, {})
    assert "is a folder" in str(err.value) and err.value.source == str(path)
