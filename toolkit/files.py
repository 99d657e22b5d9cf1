"""Opening a user's file: refuse what is not a regular readable file, and bound what is read.

Every reader and every entry point that opens a user's file goes through :func:`read_limited`
(or :func:`regular_file` when a library opens the path itself). A named pipe or a device
would block the read forever, a symbolic-link loop or a missing permission raises a bare
``OSError``, and a file with a few records and then a huge hole of NUL bytes exhausts memory:
each is refused here with a :class:`~toolkit.errors.DataFormatError` naming the path and the
reason, before a byte is read.

The size bound is per format (the readers pass theirs); ``$SANCTIONS_TOOLKIT_MAX_BYTES``
raises or lowers it for every format at once.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from toolkit.errors import DataFormatError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_ENV",
    "MAX_LINE_BYTES",
    "NUL_RUN",
    "check_text",
    "max_bytes",
    "read_limited",
    "regular_file",
]

#: The largest file a reader reads unless it declares another bound (1 GiB).
DEFAULT_MAX_BYTES = 1 << 30

#: Environment variable overriding every format's size bound (bytes).
MAX_BYTES_ENV = "SANCTIONS_TOOLKIT_MAX_BYTES"

#: The longest line a text format may hold (8 MiB; the real files' longest is a few KB).
#: A longer one is a damaged or hostile file: refused before it is decoded or parsed, which
#: would take seconds and several times its size in memory.
MAX_LINE_BYTES = 8 << 20

#: A run of this many NUL bytes in a text file is a hole (a sparse or damaged file), not text.
NUL_RUN = 1024

_KINDS = (
    (stat.S_ISDIR, "is a folder"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file: reading it would wait forever"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def max_bytes(default: int = DEFAULT_MAX_BYTES) -> int:
    """Return the size bound in force: ``$SANCTIONS_TOOLKIT_MAX_BYTES`` if set, else ``default``.

    Raises
    ------
    DataFormatError
        When the variable is not a positive integer.
    """
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0 or len(raw) > 18:
        raise DataFormatError(
            f"${MAX_BYTES_ENV}", f"must be a positive number of bytes, not {raw!r}"
        )
    return int(raw)


def _os_problem(exc: OSError) -> str:
    """Return the reason an ``OSError`` stands for, in words."""
    if exc.errno == errno.ELOOP:
        return "is a symbolic link loop (or too many links)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied"
    if exc.errno == errno.ENOENT:
        return "does not exist (or vanished while it was being read)"
    if exc.errno == errno.ENOTDIR:
        return "does not exist: a part of the path is a file, not a folder"
    if exc.errno == errno.ENAMETOOLONG:
        return "has a name too long for the file system"
    return f"cannot be opened: {exc.strerror or type(exc).__name__}"


def _refuse_kind(path, mode: int, expected: str) -> None:
    """Raise unless ``mode`` is a regular file's."""
    for test, problem in _KINDS:
        if test(mode):
            raise DataFormatError(path, f"{problem}; expected {expected}")
    if not stat.S_ISREG(mode):
        raise DataFormatError(path, f"is not a regular file; expected {expected}")


def regular_file(path, expected: str, *, limit: int | None = None) -> Path:
    """Return ``path`` if it is a regular, readable file of at most ``limit`` bytes.

    For the readers that hand the path to a library (openpyxl, calamine, pyarrow, DuckDB).

    Parameters
    ----------
    path : str or path-like
    expected : str
        What the file should be, for the message (``"the Census country.xlsx workbook"``).
    limit : int, optional
        The format's size bound (default :func:`max_bytes`).

    Raises
    ------
    DataFormatError
        Naming the path and why: missing, a folder, a pipe or device, a link loop, no read
        permission, or larger than the bound.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise DataFormatError(path, f"no such file; expected {expected}") from None
        raise DataFormatError(path, f"{_os_problem(exc)}; expected {expected}") from None
    _refuse_kind(path, st.st_mode, expected)
    if not os.access(path, os.R_OK):
        raise DataFormatError(path, f"cannot be read: permission denied; expected {expected}")
    _check_size(path, st.st_size, expected, limit)
    return path


def _check_size(path, size: int, expected: str, limit: int | None) -> None:
    """Raise when ``size`` exceeds the bound in force."""
    bound = max_bytes(limit or DEFAULT_MAX_BYTES)
    if size > bound:
        raise DataFormatError(
            path,
            f"is {size:,} bytes, over the {bound:,}-byte bound for {expected} "
            f"(a damaged or sparse file? set ${MAX_BYTES_ENV} to read a larger one)",
        )


def _nul_hole(path, data: bytes, expected: str) -> None:
    """Raise at the first run of :data:`NUL_RUN` NUL bytes (a text file's hole)."""
    at = data.find(b"\x00" * NUL_RUN)
    if at >= 0:
        line = data.count(b"\n", 0, at) + 1
        raise DataFormatError(
            path,
            f"holds a run of NUL bytes from byte {at:,} (a sparse, truncated or damaged file); "
            f"expected {expected}",
            line=line,
        )


def _long_line(path, data: bytes, expected: str, bound: int) -> None:
    """Raise at the first line of more than ``bound`` bytes (CR, LF and CRLF end a line)."""
    if len(data) <= bound:
        return
    import numpy as np

    arr = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero((arr == 10) | (arr == 13))
    starts = np.concatenate(([0], ends + 1))
    lengths = np.concatenate((ends, [len(data)])) - starts
    over = np.flatnonzero(lengths > bound)
    if len(over):
        at = int(starts[over[0]])
        head = data[:at]
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        raise DataFormatError(
            path,
            f"line {line} is {int(lengths[over[0]]):,} bytes long, over the {bound:,}-byte "
            f"bound for one line of {expected} (a damaged file, or not this format?)",
            line=line,
        )


def read_limited(
    path,
    expected: str,
    *,
    limit: int | None = None,
    text: bool = True,
    max_line: int | None = MAX_LINE_BYTES,
) -> bytes:
    """Return a regular file's bytes, refusing what :func:`regular_file` refuses.

    The file is opened without blocking and checked on the open descriptor, so a path
    swapped for a pipe after the check is refused too; reading stops one byte past the
    bound, so a file that grows while it is read cannot exhaust memory.

    Parameters
    ----------
    path : str or path-like
    expected : str
        What the file should be, for the message.
    limit : int, optional
        The format's size bound (default :func:`max_bytes`).
    text : bool
        A text format: a run of :data:`NUL_RUN` NUL bytes is an error, and so is a line
        longer than ``max_line`` bytes.
    max_line : int or None
        The format's longest line (default :data:`MAX_LINE_BYTES`); None for a format
        whose lines may be as long as the file (XML written on one line).

    Returns
    -------
    bytes
        The whole file.

    Raises
    ------
    DataFormatError
        Naming the path and the reason.
    """
    path = Path(path)
    regular_file(path, expected, limit=limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise DataFormatError(path, f"{_os_problem(exc)}; expected {expected}") from None
    try:
        st = os.fstat(fd)
        _refuse_kind(path, st.st_mode, expected)
        bound = max_bytes(limit or DEFAULT_MAX_BYTES)
        _check_size(path, st.st_size, expected, limit)
        chunks, total = [], 0
        while True:
            try:
                chunk = os.read(fd, min(1 << 24, bound + 1 - total))
            except OSError as exc:
                raise DataFormatError(path, f"{_os_problem(exc)}; expected {expected}") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > bound:
                _check_size(path, total, expected, limit)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if text:
        check_text(path, data, expected, max_line=max_line)
    return data


def check_text(path, data: bytes, expected: str, *, max_line: int | None = MAX_LINE_BYTES) -> None:
    """Raise at a run of :data:`NUL_RUN` NUL bytes or a line over ``max_line`` bytes.

    What :func:`read_limited` checks of a text format, for a reader that first looks at
    the bytes itself (to name a workbook saved under a text extension as such).
    """
    _nul_hole(path, data, expected)
    if max_line is not None:
        _long_line(path, data, expected, max_line)
