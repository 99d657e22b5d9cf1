"""The rows of ``../shared/reference/facts.md``, read once for the tests that pin figures to it."""

from __future__ import annotations

import re

__all__ = ["facts_rows"]


def facts_rows(path, ids: str = r"[A-E]\d{2,3}") -> dict:
    """Return facts.md's table rows by id (cells by column name), ids matching ``ids``.

    An id written twice is an assertion error: the fact sheet names each row once.
    """
    rows, header = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "id":
            header = cells
        elif header and re.fullmatch(ids, cells[0]):
            assert cells[0] not in rows, f"{path} has {cells[0]} twice"
            rows[cells[0]] = dict(zip(header, cells, strict=True))
    return rows
