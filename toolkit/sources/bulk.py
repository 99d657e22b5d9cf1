"""The large-data path: bulky trade tables and SDN snapshots as DuckDB relations and Parquet.

The pandas readers (:mod:`toolkit.sources`) load every row into memory. Here DuckDB
scans the files itself, in parallel and out of core, and only the aggregates come
back as (small) pandas frames::

    rel = comext_relation("exports/")                         # lazy: nothing read yet
    by_partner = aggregate(rel, ["partner", "year", "flow"])   # one scan, a few rows back
    to_parquet(rel, "comext.parquet")                          # typed, columnar, re-read fast
    aggregate(comext_relation("comext.parquet"), ["product", "year"])

Relations keep a reference to their connection (:func:`connect`, or the module's
default one); a relation over CSV re-reads the CSV on each query, so for repeated
work write Parquet once.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources._bulk_comext import COMEXT_COLUMNS, comext_relation
from toolkit.sources._duck import _con, _ident, _quote, connect

__all__ = [
    "COMEXT_COLUMNS",
    "SDN_COLUMNS",
    "aggregate",
    "aggregate_many",
    "census_relation",
    "comext_relation",
    "connect",
    "sdn_in_force",
    "sdn_relation",
    "sdn_to_parquet",
    "to_parquet",
]

# --- aggregation and Parquet --------------------------------------------------------------------


def _check_columns(rel, groupings, value):
    columns = list(rel.columns)
    if value is None:
        value = next((c for c in ("value_eur", "value_usd_m") if c in columns), None)
    names = [c for by in groupings for c in by]
    for key, wanted in (("by", names), ("value", [] if value is None else [value])):
        missing = [c for c in dict.fromkeys(wanted) if c not in columns]
        if missing:
            raise ParameterError(
                f"no column(s) {', '.join(missing)}; the relation has {', '.join(columns)}",
                source="aggregate",
                key=key,
            )
    if not groupings or any(not by for by in groupings):
        raise ParameterError("name at least one column to group by", source="aggregate", key="by")
    return value


def aggregate_many(rel, groupings, *, value: str | None = None, where: str | None = None):
    """Several aggregations in one scan of the data (SQL ``GROUPING SETS``).

    Parameters
    ----------
    rel : duckdb.DuckDBPyRelation
        From :func:`comext_relation`, :func:`census_relation` or :func:`sdn_relation`.
    groupings : list of (str or list of str)
        E.g. ``[["partner", "year", "flow"], ["product", "year"]]``.
    value, where
        As in :func:`aggregate`.

    Returns
    -------
    list of pandas.DataFrame
        One frame per grouping, as :func:`aggregate` returns it.

    Raises
    ------
    ParameterError
        A column the relation lacks (names the available columns).
    """
    groupings = [[by] if isinstance(by, str) else list(by) for by in groupings]
    value = _check_columns(rel, groupings, value)
    if where:
        rel = rel.filter(where)
    every = list(dict.fromkeys(c for by in groupings for c in by))
    cols = ", ".join(_ident(c) for c in every)
    sets = ", ".join("(" + ", ".join(_ident(c) for c in by) + ")" for by in groupings)
    name = "entries" if value is None else value
    total = "count(*)" if value is None else f"sum({_ident(value)})"
    sql = (
        f"SELECT {cols}, GROUPING({cols}) AS _set, {total} AS {_ident(name)}, count(*) AS rows "
        f"FROM data GROUP BY GROUPING SETS ({sets})"
    )
    result = rel.query("data", sql).df()
    frames = []
    for by in groupings:
        # GROUPING() sets the bit of each column *not* grouped (first column = highest bit)
        mask = sum(1 << (len(every) - 1 - i) for i, c in enumerate(every) if c not in by)
        part = result[result["_set"] == mask][[*by, name, "rows"]].copy()
        for c in by:  # the other sets' NULLs made integer keys nullable: undo where none remain
            numpy_dtype = getattr(part[c].dtype, "numpy_dtype", None)
            if numpy_dtype is not None and numpy_dtype.kind in "iub" and not part[c].isna().any():
                part[c] = part[c].astype(numpy_dtype)
        frames.append(part.sort_values(by, ignore_index=True))
    return frames


def aggregate(rel, by, *, value: str | None = None, where: str | None = None):
    """Sum ``value`` over ``by`` in DuckDB; return the (small) result as a pandas frame.

    Parameters
    ----------
    rel : duckdb.DuckDBPyRelation
        From :func:`comext_relation`, :func:`census_relation` or :func:`sdn_relation`.
    by : str or list of str
        Group columns, e.g. ``["partner", "year", "flow"]`` or ``"product"``.
    value : str, optional
        The column summed (default: ``value_eur``, ``value_usd_m`` or, for SDN
        entries, the count of rows).
    where : str, optional
        A DuckDB SQL filter applied first, e.g. ``"year >= 2021"``.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``value`` (sum; missing values skipped, NaN when a group
        has none) and ``rows`` (rows in the group), sorted by ``by``.

    Raises
    ------
    ParameterError
        A ``by`` or ``value`` column the relation lacks (names the available columns).
    """
    by = [by] if isinstance(by, str) else list(by)
    value = _check_columns(rel, [by], value)
    if where:
        rel = rel.filter(where)
    groups = ", ".join(_ident(c) for c in by)
    total = "count(*)" if value is None else f"sum({_ident(value)})"
    name = "entries" if value is None else value
    out = rel.aggregate(f"{groups}, {total} AS {_ident(name)}, count(*) AS rows", groups)
    return out.order(groups).df()


@contextlib.contextmanager
def _atomic_target(path: Path):
    """Yield a temporary path beside ``path``; rename it to ``path`` if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_parquet(rel, path, *, compression: str = "zstd") -> Path:
    """Write a relation to one Parquet file, atomically (a temporary file, then a rename).

    Returns
    -------
    pathlib.Path
        The Parquet file.
    """
    path = Path(path)
    with _atomic_target(path) as tmp:
        rel.write_parquet(tmp, compression=compression)
    return path


# --- Census --------------------------------------------------------------------------------------


def census_relation(path, *, freq: str = "monthly", con=None):
    """Return the Census ``country.xlsx`` long table as a DuckDB relation.

    DuckDB reads no ``.xlsx`` without a network extension, so the workbook is parsed
    by :func:`toolkit.sources.read_census_country` (checked, ~2 MB) and handed to
    DuckDB through Arrow; a ``.parquet`` path (from :func:`to_parquet`) is scanned directly.

    Returns
    -------
    duckdb.DuckDBPyRelation
        ``cty_code, country, year, month, flow, value_usd_m`` (+ ``months_published``).
    """
    con = _con(con)
    path = Path(path)
    if path.suffix == ".parquet":
        if not path.exists():
            raise DataFormatError(path, "no such Parquet file")
        return con.sql(f"SELECT * FROM read_parquet({_quote(path)})")
    from toolkit.sources import read_census_country

    frame = read_census_country(path, freq=freq)
    return con.from_arrow(_arrow(frame))


def _arrow(frame):
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


# --- OFAC SDN snapshots ------------------------------------------------------------------------


#: Columns of an SDN snapshot relation.
SDN_COLUMNS = ("snapshot_date", "ent_num", "name", "entry_type", "program")


def _sdn_tables(snapshots):
    """Yield one Arrow table per snapshot: one row per (entry, program)."""
    import pyarrow as pa

    from toolkit.sources.ofac_sdn import explode_programs, read_sdn
    from toolkit.themes.sanctions.ledger import snapshot_files

    for date, path in snapshot_files(snapshots).items():
        long = explode_programs(read_sdn(path, companions=False))
        long.insert(0, "snapshot_date", date.date())
        yield pa.Table.from_pandas(long[list(SDN_COLUMNS)], preserve_index=False)


def sdn_to_parquet(snapshots, out) -> list[Path]:
    """Write each SDN snapshot as ``out/<DATE>.parquet`` (one row per entry and program).

    Each snapshot is parsed and checked by :func:`toolkit.sources.read_sdn` (CP1252,
    ``-0-`` nulls, the final 0x1A byte), one at a time, and written atomically.

    Returns
    -------
    list of pathlib.Path
        The Parquet files, by date.
    """
    import pyarrow.parquet as pq

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in _sdn_tables(snapshots):
        target = out / f"{table.column('snapshot_date')[0].as_py():%Y-%m-%d}.parquet"
        with _atomic_target(target) as tmp:
            pq.write_table(table, tmp, compression="zstd")
        written.append(target)
    return written


def sdn_relation(snapshots, *, con=None):
    """Return the dated SDN snapshots as one DuckDB relation (one row per date, entry and program).

    Parameters
    ----------
    snapshots : path-like or dict
        A folder of ``DATE/sdn.csv`` (as ``../shared/data/ofac-sdn-snapshots``), a
        mapping ``{ISO date: sdn.csv}``, or a folder of ``DATE.parquet`` from
        :func:`sdn_to_parquet` (scanned directly).

    Returns
    -------
    duckdb.DuckDBPyRelation
        Columns :data:`SDN_COLUMNS`.
    """
    con = _con(con)
    if not isinstance(snapshots, dict):
        folder = Path(snapshots)
        if folder.is_dir() and any(folder.glob("*.parquet")):
            return con.sql(f"SELECT * FROM read_parquet({_quote(folder / '*.parquet')})")
    import pyarrow as pa

    table = pa.concat_tables(list(_sdn_tables(snapshots)))
    return con.from_arrow(table)


def sdn_in_force(rel):
    """Entries in force per snapshot, program and entry type, counted in DuckDB.

    Returns
    -------
    pandas.DataFrame
        ``snapshot_date, program, entry_type, in_force`` (distinct ``ent_num``), with
        the pseudo-program ``ALL`` counting every entry once (as the ledger does).
    """
    from toolkit.themes.sanctions.ledger import ALL

    out = rel.query(
        "sdn",
        f"""
        SELECT snapshot_date, program, entry_type, count(DISTINCT ent_num) AS in_force
        FROM sdn GROUP BY ALL
        UNION ALL
        SELECT snapshot_date, {_quote(ALL)}, entry_type, count(DISTINCT ent_num)
        FROM sdn GROUP BY ALL
        ORDER BY snapshot_date, program, entry_type
        """,
    )
    return out.df()
