"""Atomic file writes, and the checked reading of a user's small text or YAML file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = [
    "MAX_INT_DIGITS",
    "MAX_TEXT_BYTES",
    "MAX_YAML_DEPTH",
    "atomic_write",
    "decode_text",
    "load_yaml",
    "read_regular_bytes",
    "read_text",
    "yaml_item_of_line",
]


def atomic_write(path, data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    Parameters
    ----------
    path : str or path-like
        Destination; its folder is created if missing.
    data : str or bytes
        Content; ``str`` is encoded with ``encoding``.

    Returns
    -------
    pathlib.Path
        The destination path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would (0666 & ~umask).
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --- reading a user's file: refuse what is not a regular readable file, bound the size ------

#: Largest text file of settings read (bytes): params and claims files are a few KB.
MAX_TEXT_BYTES = 1_000_000
#: Longest integer a YAML file may write, in digits (Python refuses beyond 4,300).
MAX_INT_DIGITS = 30
#: Deepest nesting of lists and mappings in a YAML file.
MAX_YAML_DEPTH = 64


def read_regular_bytes(path, *, expected: str, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """Return the bytes of a regular, readable file of at most ``max_bytes``.

    What is not a regular file (a folder, a FIFO, a device, a symlink loop) is refused
    before a byte is read, so no read blocks: :func:`toolkit.files.read_limited`, the one
    guard every reader and settings loader goes through.

    Parameters
    ----------
    path : str or path-like
        The user's file.
    expected : str
        What the file should be, for the messages (``"a claims file (CSV or YAML)"``).
    max_bytes : int
        The largest size accepted.

    Returns
    -------
    bytes

    Raises
    ------
    DataFormatError
        Naming the path and the reason: missing, not a regular file, unreadable, too large.
    """
    from toolkit.files import read_limited

    return read_limited(path, expected, limit=max_bytes, text=False)


def decode_text(path, raw: bytes, *, expected: str) -> str:
    """Decode UTF-8 text, with or without a byte-order mark; name any other encoding.

    Raises
    ------
    DataFormatError
        For UTF-16/UTF-32 text (a byte-order mark or NUL bytes), bytes that are not UTF-8
        (Windows-1252 or Latin-1 text, most likely), naming the line of the first bad byte.
    """
    from toolkit.errors import DataFormatError

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFormatError(
            path, f"is UTF-16 (or UTF-32) encoded; expected {expected} in UTF-8", line=1
        )
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise DataFormatError(
            path,
            f"holds NUL bytes (UTF-16 text, or not text); expected {expected} in UTF-8",
            line=raw[:at].count(b"\n") + 1,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFormatError(
            path,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 (saved as Windows-1252 or Latin-1?); "
            f"expected {expected} in UTF-8 (with or without a byte-order mark)",
            line=raw[: exc.start].count(b"\n") + 1,
        ) from None


def read_text(path, *, expected: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Return a user's small text file, checked (:func:`read_regular_bytes`) and decoded.

    Raises
    ------
    DataFormatError
        See :func:`read_regular_bytes` and :func:`decode_text`.
    """
    return decode_text(
        path, read_regular_bytes(path, expected=expected, max_bytes=max_bytes), expected=expected
    )


# --- the one YAML loader ----------------------------------------------------------------------

_LOADER = None


def _int_digits(text: str) -> int:
    """Return the number of digits of a YAML integer literal (sign, ``_`` and prefix dropped)."""
    body = text.strip().lstrip("+-").replace("_", "")
    if body[:2].lower() in ("0x", "0o", "0b"):
        body = body[2:]
    return len(body)


def _flow_depth(text: str) -> tuple[int, int]:
    """Return the deepest ``[``/``{`` nesting of ``text`` and the line it is reached on.

    A cheap count before parsing (brackets inside quotes count too): the pure-Python
    scanner spends seconds on a few thousand open brackets before the composer sees them.
    """
    depth = deepest = line = at = 0
    for i, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, i
        elif ch in "]}":
            depth -= 1
    if deepest:
        line = text.count("\n", 0, at) + 1
    return deepest, line


def _hardened_loader():
    """Return the hardened ``SafeLoader`` subclass (built once, on first use)."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml
    from yaml.composer import ComposerError
    from yaml.constructor import ConstructorError

    class HardenedLoader(yaml.SafeLoader):
        """SafeLoader without aliases, duplicate keys, date objects or unbounded integers."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise ComposerError(
                    None,
                    None,
                    f"alias *{event.anchor} refused: aliases are not accepted "
                    "(they can expand exponentially or refer to themselves); write the value out",
                    event.start_mark,
                )
            self._depth = getattr(self, "_depth", 0) + 1
            try:
                if self._depth > MAX_YAML_DEPTH:
                    raise ComposerError(
                        None,
                        None,
                        f"nested deeper than {MAX_YAML_DEPTH} levels",
                        self.peek_event().start_mark,
                    )
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: SafeLoader says so
                    continue
                if first is not None:
                    error = ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r} (first at line {first})",
                        key_node.start_mark,
                    )
                    error.key = key
                    raise error
                seen[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep=deep)

        def construct_bounded_int(self, node):
            text = self.construct_scalar(node)
            if _int_digits(text) > MAX_INT_DIGITS:
                raise ConstructorError(
                    None,
                    None,
                    f"an integer of {_int_digits(text):,} digits; at most {MAX_INT_DIGITS} accepted",
                    node.start_mark,
                )
            return super().construct_yaml_int(node)

        def construct_date_text(self, node):
            return self.construct_scalar(node)

    # dates stay the text written (2022-02-24, 2022-02-24T10:00:00+05:00), as papermill's CLI
    HardenedLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    HardenedLoader.add_constructor("tag:yaml.org,2002:int", HardenedLoader.construct_bounded_int)
    HardenedLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", HardenedLoader.construct_date_text
    )
    _LOADER = HardenedLoader
    return _LOADER


def yaml_item_of_line(text: str, line: int, key: str = "") -> int | None:
    """Return the 1-based item of the top-level list (or of ``key``'s list) holding ``line``.

    Used to name the row of an error the loader reports by line (a duplicate key).
    """
    import yaml

    try:
        node = yaml.compose(text, Loader=_hardened_loader())  # noqa: S506 (SafeLoader subclass)
    except (yaml.YAMLError, RecursionError):
        return None
    if isinstance(node, yaml.MappingNode) and key:
        node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
    if not isinstance(node, yaml.SequenceNode):
        return None
    for i, item in enumerate(node.value, 1):
        if item.start_mark.line + 1 <= line <= item.end_mark.line + 1:
            return i
    return None


def load_yaml(path, *, expected: str = "a YAML file", max_bytes: int = MAX_TEXT_BYTES):
    """Read a user's YAML file with the toolkit's one hardened loader.

    The file must be a regular, readable UTF-8 file (a byte-order mark is accepted) of at most
    ``max_bytes``. Aliases are refused (so no "billion laughs" expansion and no structure
    that contains itself), as are duplicate keys, integers longer than
    :data:`MAX_INT_DIGITS` digits and nesting deeper than :data:`MAX_YAML_DEPTH`; dates are
    kept as the text written.

    Parameters
    ----------
    path : str or path-like
        The file.
    expected : str
        What the file should be, for the messages.
    max_bytes : int
        The largest size accepted.

    Returns
    -------
    object
        The document (``None`` for an empty file).

    Raises
    ------
    DataFormatError
        Naming the path, the line and the problem.
    """
    import yaml

    from toolkit.errors import DataFormatError

    text = read_text(path, expected=expected, max_bytes=max_bytes)
    deepest, line = _flow_depth(text)
    if deepest > MAX_YAML_DEPTH:
        raise DataFormatError(
            path, f"not valid YAML: nested deeper than {MAX_YAML_DEPTH} levels", line=line
        )
    try:
        return yaml.load(text, Loader=_hardened_loader())  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        column = f", column {mark.column + 1}" if mark else ""
        key = getattr(exc, "key", None)  # a duplicate key: the column it names
        raise DataFormatError(
            path,
            f"not valid YAML{column}: {exc.problem or exc}",
            line=None if mark is None else mark.line + 1,
            column=None if key is None else str(key),
        ) from None
    except yaml.YAMLError as exc:
        raise DataFormatError(path, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise DataFormatError(path, "not valid YAML: nested too deeply") from None
