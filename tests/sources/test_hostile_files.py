"""Hostile inputs, round two: the file system and the size of a file, for every declared reader.

Each case puts something that is not a readable file of the right kind where a reader expects
its file (every file of a list set at once, so whichever the reader opens first is damaged):
a named pipe, a folder, a symbolic-link loop, a file without read permission, a path that does
not exist, a sparse file far over the size bound, a text file of a few records and then a hole
of NUL bytes, a NUL byte inside a field, and a file whose bytes are another format than its
name says (a workbook named .csv, a CSV named .xlsx). The outcome must be the toolkit's own
``DataFormatError`` naming the damaged path, within seconds: any other exception, a hang
(a pipe is unblocked by a watchdog after :data:`HANG_S` and the case fails) or a frame read
from the damaged file fails the case. The cases are counted in the summary printed at the end
of the run (class ``fs:<case>``).
"""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pytest
from support.hostile import record

import toolkit
from toolkit.errors import DataFormatError
from toolkit.sources import get_source, source_keys

#: Seconds a read may take before the case counts as a hang.
HANG_S = 10.0

#: Where each reader's file lives inside the path it is given: (path given, files to damage).
_FOLDER_LAYOUT = {
    "comext": ("", ("Relational_View_2024-11-16T07_39_22.386Z.csv",)),
    "eurostat_cn8": ("", ("exports_2020_2022.xlsx",)),
    "ofac_partial_sets": (
        "",
        ("2025-01-06/add.csv", "2025-01-06/alt.csv", "2025-01-06/sdn_comments.csv"),
    ),
}


def _layout(key: str, tmp: Path) -> tuple[Path, list[Path]]:
    """Return the path the reader is given and the files to damage."""
    source = get_source(key)
    if key in _FOLDER_LAYOUT:
        _, files = _FOLDER_LAYOUT[key]
        return tmp / "data", [tmp / "data" / f for f in files]
    if source.reads_folder:
        return tmp / "data", [tmp / "data" / f for f in source.files]
    name = source.files[0] if source.files else Path(source.dataset.default_file).name
    return tmp / name, [tmp / name]


def _is_workbook(key: str) -> bool:
    """Whether the reader's format is a workbook or another binary format."""
    fmt = get_source(key).format.lower()
    return any(w in fmt for w in ("xlsx", "xls", "workbook", "parquet"))


def _read(key: str, path: Path):
    return toolkit.load(key, path=str(path))


def _fifo(paths):
    for p in paths:
        os.mkfifo(p)


def _folder(paths):
    for p in paths:
        p.mkdir()


def _loop(paths):
    for p in paths:
        other = p.with_name(p.name + ".loop")
        os.symlink(other, p)
        os.symlink(p, other)


def _missing(paths):
    pass  # nothing at the path (a file that vanished between listing and reading)


def _sparse(paths):
    for p in paths:
        with open(p, "wb") as fh:
            fh.write(b"a,b\n1,2\n")
            fh.truncate(3 << 30)  # 3 GiB, sparse: no disk used, over the 1 GiB bound


def _nul_hole(paths):
    for p in paths:
        p.write_bytes(b"a,b\n1,2\n" + b"\0" * (4 << 20))


def _workbook_bytes(paths):
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["a", "b"])
    wb.save(buf)
    for p in paths:
        p.write_bytes(buf.getvalue())


def _csv_bytes(paths):
    for p in paths:
        p.write_text("year,CTY_CODE,value\n2021,4621,1\n", encoding="utf-8")


CASES = {
    "fifo": _fifo,
    "folder": _folder,
    "symlink-loop": _loop,
    "missing": _missing,
    "sparse-3GiB": _sparse,
    "nul-hole": _nul_hole,
}


def _unblock(paths, done: threading.Event, hung: list):
    """After HANG_S, open each pipe for writing and close it, so a blocked read ends."""
    if done.wait(HANG_S):
        return
    hung.append(True)
    for p in paths:
        try:
            fd = os.open(p, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass


def _judge(key: str, case: str, given: Path, damaged: list[Path]) -> None:
    """Read ``given`` and require a DataFormatError naming the damaged place, fast."""
    done, hung = threading.Event(), []
    watchdog = threading.Thread(target=_unblock, args=(damaged, done, hung), daemon=True)
    watchdog.start()
    start = time.monotonic()
    try:
        _read(key, given)
    except DataFormatError as exc:
        elapsed = time.monotonic() - start
        done.set()
        assert not hung, f"{key} {case}: the read hung until the watchdog unblocked it"
        assert elapsed < HANG_S, f"{key} {case}: took {elapsed:.1f} s"
        names = {str(given), *(str(d) for d in damaged), *(str(d.parent) for d in damaged)}
        assert any(n in str(exc) for n in names), (
            f"{key} {case}: error names no damaged path: {exc}"
        )
        record(key, f"fs:{case}", "error")
        return
    finally:
        done.set()
    pytest.fail(f"{key} {case}: read without an error from a damaged file")


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("key", source_keys())
def test_file_system_and_size(key, case, tmp_path):
    given, damaged = _layout(key, tmp_path)
    for d in damaged:
        d.parent.mkdir(parents=True, exist_ok=True)
    if case == "nul-hole" and _is_workbook(key):
        pytest.skip("a NUL hole in a binary format is the workbook readers' corrupt-file case")
    CASES[case](damaged)
    _judge(key, case, given, damaged)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file without read permission")
@pytest.mark.parametrize("key", source_keys())
def test_no_read_permission(key, tmp_path):
    given, damaged = _layout(key, tmp_path)
    for d in damaged:
        d.parent.mkdir(parents=True, exist_ok=True)
        d.write_bytes(b"a,b\n1,2\n")
        d.chmod(0)
    _judge(key, "no-permission", given, damaged)


@pytest.mark.parametrize("key", source_keys())
def test_bytes_of_another_format_than_the_name(key, tmp_path):
    given, damaged = _layout(key, tmp_path)
    for d in damaged:
        d.parent.mkdir(parents=True, exist_ok=True)
    if _is_workbook(key):
        _csv_bytes(damaged)
    else:
        _workbook_bytes(damaged)
    _judge(key, "wrong-format", given, damaged)


def test_the_bound_can_be_raised_and_is_checked(tmp_path, monkeypatch):
    from toolkit.files import MAX_BYTES_ENV, read_limited

    f = tmp_path / "x.csv"
    f.write_bytes(b"a\n" * 100)
    monkeypatch.setenv(MAX_BYTES_ENV, "50")
    with pytest.raises(DataFormatError, match="over the 50-byte bound"):
        read_limited(f, "a test file")
    monkeypatch.setenv(MAX_BYTES_ENV, "1e9")
    with pytest.raises(DataFormatError, match="positive number of bytes"):
        read_limited(f, "a test file")
    monkeypatch.setenv(MAX_BYTES_ENV, "1000")
    assert read_limited(f, "a test file") == b"a\n" * 100
