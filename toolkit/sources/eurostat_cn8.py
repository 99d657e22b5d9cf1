"""Reader of Eurostat data-browser workbooks (one sheet per product), cached as Parquet.

The data browser of Eurostat's Comext dataset DS-045409 ("EU trade since 1988 by HS2-4-6 and
CN8") writes a custom extraction as an ``.xlsx`` workbook: a ``Summary`` sheet naming each
``Sheet N``'s product, and one sheet per product with reporters x partners in rows and months
in columns (layout: :mod:`toolkit.sources._databrowser`). :func:`read_eurostat_workbook` turns
one such workbook into a tidy long table; :func:`read_eurostat_cn8` reads a folder (or a list)
of them once, stores the table as Parquet in the user cache with the sha256 of every source
file, and afterwards reads the Parquet, until a source file changes.

``:`` (not available: confidential, or nil) is kept as a row with ``value_eur`` NaN: missing,
never zero.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, Column
from toolkit.files import regular_file
from toolkit.sources._cn8_cache import (
    CACHE_NAME,
    _cached,
    _manifest,
    _read_grid,
    _write,
    cache_entry,
)
from toolkit.sources._declare import ReaderDataset, Source

__all__ = [
    "SOURCE",
    "COLUMNS",
    "CACHE_NAME",
    "read_eurostat_workbook",
    "read_eurostat_cn8",
    "cache_entry",
]

#: Columns of the tidy table, in order (all but ``value_eur`` are categoricals).
COLUMNS = (
    "reporter",
    "partner",
    "product_code",
    "product",
    "flow",
    "period",
    "value_eur",
    "file",
    "sheet",
)
SOURCE = Source(
    key="eurostat_cn8",
    title="EU exports by product (HS4/CN8) and partner, monthly "
    "(Eurostat data-browser workbooks, one sheet per product)",
    publisher="Eurostat (Comext dataset DS-045409)",
    licence=LICENCES["eurostat"],
    format="a folder of .xlsx workbooks: Summary sheet, one sheet per product "
    "(reporters x partners in rows, months in columns)",
    reader="toolkit.sources.eurostat_cn8:read_eurostat_cn8",
    url="https://ec.europa.eu/eurostat/databrowser/",
    url_note="the Eurostat data browser (the workbooks' own 'Open product page' link: "
    "databrowser/product/page/DS-045409__custom_<n>); custom extractions are made by hand "
    "there and downloaded as workbooks with generated names (no fixed download URL)",
    reads_folder=True,
    shared=("eurostat-cn8-exports",),
    dataset=ReaderDataset(
        theme="resilience",
        vintage="as downloaded by the user; the shared copy: extracted 2023-01-21 (data updated "
        "2023-01-13), months 2020-01..2022-12 (2022-12 all ':')",
        as_of="2022-11",  # the shared copy's latest period
        cadence="monthly",
        citation="Eurostat, Comext dataset DS-045409, EU trade since 1988 by HS2-4-6 and CN8",
        description="load('eurostat_cn8', path=<folder or workbook>, cache=...): read once, "
        "then from a Parquet copy in the user cache (sha256 of every source file checked).",
        default_file="eurostat-cn8-exports",
        columns=(
            Column("reporter", "str", "", "member state label as in the file"),
            Column("partner", "str", "", "partner label as in the file"),
            Column(
                "product_code", "str", "", "code in brackets of the product label (CN8, HS4, TOTAL)"
            ),
            Column("product", "str", "", "product label without its code"),
            Column("flow", "str", "", "EXPORT or IMPORT"),
            Column("period", "str", "", "month, YYYY-MM (an ordered categorical)"),
            Column("value_eur", "float", "EUR", "trade value; NaN where the file writes ':'"),
            Column("file", "str", "", "workbook the row came from"),
            Column("sheet", "str", "", "sheet the row came from"),
        ),
        usage_warnings=(
            "':' (not available: confidential or nil) is NaN, never zero; over 90% of the "
            "product cells of the shared copy are ':'.",
            "The shared copy's products are the repository author's selection (vzemlys/ruimpeks), "
            "not whole chapters; HS4 headings and CN8 codes of the same heading both appear: "
            "never sum them together (toolkit.themes.resilience.groupings drops the nested codes).",
            "The shared copy ends in 2022-11 (2022-12 is all ':').",
        ),
    ),
)

#: Labels that are the same for every cell of one product sheet.
_SHEET_LABELS = ("product_code", "product", "flow", "file", "sheet")
_SOURCE = {
    "publisher": "Eurostat (Comext)",
    "title": "EU trade since 1988 by HS2-4-6 and CN8 (DS-045409), data-browser workbooks, EUR",
    "citation": "Eurostat, Comext dataset DS-045409, EU trade since 1988 by HS2-4-6 and CN8",
}


def workbook_paths(path) -> list[Path]:
    """Return the workbooks to read: ``path`` itself, every ``.xlsx`` under a folder, or a list.

    Parameters
    ----------
    path : str, path-like, or a sequence of them
        A workbook, a folder (searched recursively; Excel's ``~$`` lock files skipped), or
        several of either.

    Returns
    -------
    list of pathlib.Path
        Sorted within each folder, without duplicates.
    """
    from toolkit.sources import _databrowser as layout

    items = [path] if isinstance(path, str | os.PathLike) else list(path)
    found: list[Path] = []
    for item in items:
        item = Path(item)
        if item.is_dir():
            books = sorted(p for p in item.rglob("*.xlsx") if not p.name.startswith(("~$", ".")))
            _misnamed_books(item, layout.EXPECTED)  # a workbook saved as .xls is not skipped
            if not books:
                raise DataFormatError(
                    item, f"folder holds no .xlsx file; expected {layout.EXPECTED}"
                )
            found.extend(books)
        elif not item.exists():
            raise DataFormatError(item, f"no such file or folder; expected {layout.EXPECTED}")
        else:
            found.append(item)
    for book in found:  # a pipe, device, loop or unreadable file: refused before hashing
        regular_file(book, layout.EXPECTED)
    unique = list(dict.fromkeys(p.resolve() for p in found))
    if not unique:
        raise DataFormatError(str(path), f"no workbook given; expected {layout.EXPECTED}")
    return unique


def _misnamed_books(folder: Path, expected: str) -> None:
    """Raise at a workbook of the folder saved under another extension (``.xls``, ``.csv``)."""
    from toolkit.sources._checks import detected_format, refuse_misnamed

    for other in sorted(folder.rglob("*")):
        if other.suffix.lower() in (".xls", ".csv", ".xlsm", ".txt") and other.is_file():
            try:
                with open(other, "rb") as fh:
                    what = detected_format(fh.read(8))
            except OSError:
                continue  # not a workbook the folder reader would read either
            if what:
                refuse_misnamed(other, what, expected)


def _codes(table: dict, labels) -> np.ndarray:
    """Return the code of each label in ``table`` (label -> code), adding new labels."""
    import numpy as np

    return np.fromiter((table.setdefault(v, len(table)) for v in labels), dtype=np.int32)


def _small(codes: np.ndarray) -> np.ndarray:
    """Codes as int16 when they fit (a third of the memory traffic of the long table)."""
    import numpy as np

    return codes.astype(np.int16) if len(codes) and codes.max() < 2**15 - 1 else codes


def _grid(books) -> dict:
    """Stack the sheets as one grid: a row per sheet x reporter x partner, a column per month.

    Returns ``meta`` (labels: reporters, partners, periods, and per sheet its product code,
    product, flow, file and sheet name) and arrays ``sheet_id, reporter, partner`` (codes per
    grid row), ``values`` (NaN = ``:``) and ``present`` (False where a sheet's TIME row lacks
    that month). The Parquet cache stores this grid; :func:`_long` makes the tidy table.
    """
    import numpy as np

    reporters, partners = {}, {}
    periods = sorted({p for _, blocks in books for b in blocks for p in b.periods})
    column = {p: j for j, p in enumerate(periods)}
    sheets = {k: [] for k in _SHEET_LABELS}
    sheet_months = []  # per sheet, the grid columns its TIME row has
    sheet_id, reporter, partner, values, present = [], [], [], [], []
    for name, blocks in books:
        for b in blocks:
            for key, label in zip(
                _SHEET_LABELS, (b.product_code, b.product, b.flow, name, b.sheet), strict=True
            ):
                sheets[key].append(label)
            n = len(b.reporters)
            cols = [column[p] for p in b.periods]
            sheet_months.append(cols)
            grid = np.full((n, len(periods)), np.nan)
            grid[:, cols] = b.values
            mask = np.zeros((n, len(periods)), dtype=bool)
            mask[:, cols] = True
            sheet_id.append(np.full(n, len(sheets["sheet"]) - 1, dtype=np.int32))
            reporter.append(_codes(reporters, b.reporters))
            partner.append(_codes(partners, b.partners))
            values.append(grid)
            present.append(mask)
    meta = {
        "reporters": list(reporters),
        "partners": list(partners),
        "periods": periods,
        "sheets": sheets,
        "sheet_months": sheet_months,
    }
    return {
        "meta": meta,
        "sheet_id": _small(np.concatenate(sheet_id)),
        "reporter": _small(np.concatenate(reporter)),
        "partner": _small(np.concatenate(partner)),
        "values": np.asfortranarray(np.vstack(values)),
        "present": np.asfortranarray(np.vstack(present)),
    }


def _long(grid: dict):
    """Return the tidy long table of a grid: month by month, each month in grid-row order.

    The grid's values are column-major (one month after another), so the value column is a
    view of them; every label column is one ``tile``/``repeat`` of a small code array already
    at the width pandas keeps (int8 under 128 labels).
    """
    import numpy as np
    import pandas as pd

    meta = grid["meta"]
    n_rows, n_periods = len(grid["sheet_id"]), len(meta["periods"])
    keep = grid["present"].ravel(order="F")
    keep = None if keep.all() else keep

    def column(codes, labels, *, per_month=False, ordered=False):
        import numpy as np

        width = np.int8 if len(labels) < 2**7 else np.int16 if len(labels) < 2**15 else np.int32
        codes = codes.astype(width)
        out = np.repeat(codes, n_rows) if per_month else np.tile(codes, n_periods)
        out = out if keep is None else out[keep]
        return pd.Categorical.from_codes(out, labels, ordered=ordered, validate=False)

    data = {
        "reporter": column(grid["reporter"], meta["reporters"]),
        "partner": column(grid["partner"], meta["partners"]),
    }
    for key in _SHEET_LABELS:
        codes, labels = pd.factorize(pd.Index(meta["sheets"][key], dtype=object))
        data[key] = column(codes[grid["sheet_id"]], labels)
    data["period"] = column(np.arange(n_periods), meta["periods"], per_month=True, ordered=True)
    values = grid["values"].ravel(order="F")  # a view when the grid is column-major
    data["value_eur"] = values if keep is None else values[keep]
    return pd.DataFrame({k: data[k] for k in COLUMNS}, copy=False)


def _check_unique(books) -> None:
    """Refuse one product (and flow) read from two workbooks: it would count twice."""
    seen = {}
    for name, blocks in books:
        for b in blocks:
            key = (b.product_code, b.flow)
            if key in seen:
                raise DataFormatError(
                    name,
                    f"product {key[0]} ({key[1]}) of sheet {b.sheet!r} is also in "
                    f"{seen[key]}: its values would count twice",
                )
            seen[key] = f"{name}, sheet {b.sheet!r}"


def read_eurostat_workbook(path):
    """Read one Eurostat data-browser workbook into a tidy long table.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` as the data browser writes it (``Summary`` sheet, one sheet per product).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: ``reporter, partner`` (labels as in the file),
        ``product_code`` (the code in brackets: CN8, HS4, ``TOTAL`` ...), ``product``,
        ``flow`` (``EXPORT``/``IMPORT``), ``period`` (``YYYY-MM``, an ordered categorical),
        ``value_eur`` (NaN where the file writes ``:``), ``file``, ``sheet``.

    Raises
    ------
    DataFormatError
        Naming the file, the sheet and row (``row="'Sheet 3' row 14"``) and the column letter.
    """
    from toolkit.sources import _databrowser as layout

    path = Path(path)
    df = _long(_grid([(path.name, layout.read_book(path))]))
    df.attrs["source"] = {**_SOURCE, "source": str(path)}
    return df


def read_eurostat_cn8(path, *, cache=None, refresh: bool = False):
    """Read Eurostat data-browser workbooks once, then from a Parquet copy in the cache.

    The first call reads every workbook (:func:`read_eurostat_workbook`), checks that no
    product appears twice, and writes the table as Parquet in ``<cache>/eurostat-cn8/<key>/``
    beside a ``manifest.json`` recording each source file's path, size and sha256. Later
    calls hash the source files again and read the Parquet only if every hash matches; a
    changed, added or removed workbook rebuilds it. A damaged or unreadable cache is rebuilt,
    never trusted.

    Parameters
    ----------
    path : str, path-like, or a sequence of them
        A workbook, a folder of them (searched recursively), or several.
    cache : str or path-like, optional
        The cache root; default ``$SANCTIONS_TOOLKIT_CACHE`` or the platform's user cache.
    refresh : bool
        Rebuild the Parquet even if it is current.

    Returns
    -------
    pandas.DataFrame
        As :func:`read_eurostat_workbook`, for all the workbooks; ``df.attrs["cache"]``
        says which Parquet was read and whether it was reused (``"hit"``).

    Raises
    ------
    DataFormatError
        A workbook that is missing, damaged or not in the data browser's layout, or one
        product in two workbooks.
    """
    from toolkit.sources import _databrowser as layout

    files = workbook_paths(path)
    sources = _manifest(files)
    entry = cache_entry(files, cache)
    parquet = None if refresh else _cached(entry, sources)
    grid = None
    if parquet is not None:
        try:
            grid = _read_grid(parquet)
        except (OSError, ValueError, KeyError):  # a damaged Parquet: rebuild it
            grid = None
    hit = grid is not None
    if grid is None:
        books = [(f.name, layout.read_book(f)) for f in files]
        _check_unique(books)
        grid = _grid(books)
        parquet = _write(entry, grid, sources)
    df = _long(grid)
    df.attrs["source"] = {**_SOURCE, "source": ", ".join(str(f) for f in files)}
    df.attrs["cache"] = {"parquet": str(parquet), "hit": hit}
    return df
