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
import csv
import os
import tempfile
from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources import comext as _comext
from toolkit.sources._checks import require_header

_DEFAULT = None


def connect(database: str = ":memory:", *, threads: int | None = None, memory_limit=None):
    """Return a new DuckDB connection.

    Parameters
    ----------
    database : str
        ``":memory:"`` or a database file.
    threads : int, optional
        Worker threads (default: DuckDB's, one per core).
    memory_limit : str, optional
        Such as ``"2GB"``; DuckDB spills to a temporary folder beyond it.
    """
    import duckdb

    con = duckdb.connect(database)
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit is not None:
        con.execute("SET memory_limit = ?", [str(memory_limit)])
    return con


def _con(con):
    global _DEFAULT
    if con is not None:
        return con
    if _DEFAULT is None:
        _DEFAULT = connect()
    return _DEFAULT


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _case(expr: str, mapping: dict, *, default: str = "NULL") -> str:
    whens = " ".join(
        f"WHEN {_quote(k)} THEN {_quote(v) if isinstance(v, str) else v}"
        for k, v in mapping.items()
    )
    return f"CASE {expr} {whens} ELSE {default} END"


# --- Comext ------------------------------------------------------------------------------------


def _csv_files(source: Path) -> list[Path]:
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
        if not files:
            raise DataFormatError(source, "no *.csv files; expected Comext CSV exports")
        return files
    if not source.exists():
        raise DataFormatError(source, "no such file or folder; expected Comext CSV exports")
    return [source]


def _check_headers(files: list[Path]) -> None:
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            try:
                first = next(csv.reader(fh), [])
            except UnicodeDecodeError as exc:
                raise DataFormatError(path, f"not UTF-8 text ({exc.reason})", line=1) from None
        if not first:
            raise DataFormatError(
                path, f"empty file; expected the header {','.join(_comext.COLUMNS)}", line=1
            )
        require_header(path, [h.strip() for h in first], _comext.COLUMNS)


def _comext_select(scan: str) -> str:
    # Per-row work kept cheap (no regular expression): the checks of _validate_comext
    # catch what these shortcuts would read wrongly.
    months = {**_comext._MONTHS, **_comext._FULL_MONTHS}
    members = {**_comext.EU27_MEMBERS, **_comext.FORMER_MEMBERS}
    short = "trim(split_part(REPORTER, ' (', 1))"
    aggregate = " OR ".join(
        f"starts_with(REPORTER, {_quote(p)})" for p in _comext.AGGREGATE_PREFIXES
    )
    eu27 = ", ".join(_quote(k) for k in _comext.EU27_MEMBERS)
    former = ", ".join(_quote(k) for k in _comext.FORMER_MEMBERS)
    month_name = "rtrim(lower(split_part(trim(PERIOD), ' ', 1)), '.')"
    return f"""
        SELECT
            trim(REPORTER) AS reporter,
            {_case(short, members)} AS reporter_iso2,
            CASE WHEN REPORTER IN ({eu27}) THEN 'eu27_member'
                 WHEN {aggregate} THEN 'aggregate'
                 WHEN {short} IN ({eu27}) THEN 'eu27_member'
                 WHEN {short} IN ({former}) THEN 'former_member' END AS reporter_kind,
            trim(PARTNER) AS partner,
            trim(PRODUCT) AS product,
            lower(trim(FLOW)) AS flow,
            trim(STAT_PROCEDURE) AS stat_procedure,
            TRY_CAST(right(trim(PERIOD), 4) AS INTEGER) AS year,
            CAST({_case(month_name, months)} AS TINYINT) AS month,
            COALESCE(
                TRY_CAST(VALUE_IN_EUR AS DOUBLE), TRY_CAST(replace(VALUE_IN_EUR, ' ', '') AS DOUBLE)
            ) AS value_eur,
            PERIOD AS period_raw,
            VALUE_IN_EUR AS value_raw,
            parse_filename(filename) AS file,
            filename AS path
        FROM {scan}
    """


def _period_sql(con, period: str):
    """The (year, month) the SQL shortcut of :func:`_comext_select` reads from ``period``."""
    sql = _comext_select(
        "(SELECT ?::VARCHAR AS PERIOD, '' AS REPORTER, '' AS PARTNER, "
        "'' AS PRODUCT, '' AS FLOW, '' AS STAT_PROCEDURE, '' AS VALUE_IN_EUR, "
        "'' AS filename)"
    )
    row = con.execute(f"SELECT year, month FROM ({sql})", [period]).fetchone()
    return None if row[0] is None or row[1] is None else (row[0], row[1])


def _first_line(path: str, column: str, value: str) -> int | None:
    """1-based line of the first record of ``path`` whose ``column`` is ``value`` (error path only)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader)]
        pos = header.index(column)
        for row in reader:
            if len(row) > pos and row[pos] == value:
                return reader.line_num
    return None


def _validate_comext(con, view: str, *, check_total: bool, tolerance_eur: float) -> None:
    # One scan groups by the few distinct periods and reporters, which are then judged by
    # the pandas reader's own functions; a second finds a duplicated key through its hash.
    seen = con.execute(
        f"""
        SELECT period_raw, reporter, min(path) AS path,
            count(*) FILTER (WHERE value_eur IS NULL
                AND replace(trim(value_raw), ' ', '') NOT IN ('', ':')) AS bad_values
        FROM {view} GROUP BY ALL ORDER BY path
        """
    ).fetchall()
    periods = {}
    for period, reporter, path, bad_values in seen:
        if period not in periods:
            parsed = _comext.parse_period(period)
            periods[period] = parsed is not None and parsed == _period_sql(con, period)
        if not periods[period]:
            raise DataFormatError(
                path,
                f"period {period!r} is not a month like 'Aug. 2024' ('Mon. YYYY')",
                line=_first_line(path, "PERIOD", period),
                column="PERIOD",
            )
        if _comext.reporter_kind(reporter) is None:
            raise DataFormatError(
                path,
                f"unknown reporter {reporter!r}; expected an EU member state, the United "
                f"Kingdom or an aggregate starting with {' or '.join(_comext.AGGREGATE_PREFIXES)!r}",
                line=_first_line(path, "REPORTER", reporter),
                column="REPORTER",
            )
        if bad_values:
            path, raw = con.execute(
                f"SELECT path, value_raw FROM {view} WHERE value_eur IS NULL "
                "AND replace(trim(value_raw), ' ', '') NOT IN ('', ':') LIMIT 1"
            ).fetchone()
            raise DataFormatError(
                path,
                f"value {raw!r} is not a number of euros",
                line=_first_line(path, "VALUE_IN_EUR", raw),
                column="VALUE_IN_EUR",
            )
    keys = "reporter, partner, product, flow, stat_procedure, year, month"
    twice = con.execute(
        f"SELECT hash({keys}) AS h FROM {view} GROUP BY h HAVING count(*) > 1"
    ).fetchall()
    if twice:  # a hash collision is not a duplicate: look at the rows themselves
        hashes = ", ".join(str(h) for (h,) in twice[:1000])
        dup = con.execute(
            f"SELECT {keys}, list(DISTINCT file ORDER BY file), min(path) FROM {view} "
            f"WHERE hash({keys}) IN ({hashes}) GROUP BY ALL HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
        if dup:
            raise DataFormatError(
                dup[-1],
                f"{dup[0][:40]!r} {dup[5]}-{dup[6]:02d} appears more than once "
                f"(files {', '.join(dup[7])}); expected one row per reporter and month",
            )
    if not check_total:
        return
    group = "partner, product, flow, stat_procedure, year, month"
    diff = con.execute(
        f"""
        WITH agg AS (
            SELECT {group}, sum(value_eur) AS eu27_eur, min(path) AS path FROM {view}
            WHERE reporter_kind = 'aggregate' AND starts_with(reporter, {_quote(_comext.EU27_PREFIX)})
            GROUP BY ALL
        ), members AS (
            SELECT {group}, sum(value_eur) AS members_eur FROM {view}
            WHERE reporter_kind = 'eu27_member' GROUP BY ALL
        )
        SELECT agg.path, agg.year, agg.month, eu27_eur, members_eur
        FROM agg LEFT JOIN members USING ({group})
        WHERE abs(eu27_eur - members_eur) > {float(tolerance_eur)}
        ORDER BY agg.year, agg.month LIMIT 1
        """
    ).fetchone()
    if diff:
        path, year, month, total, members = diff
        raise DataFormatError(
            path,
            f"EU-27 total {total:,.0f} EUR differs from the sum of member states "
            f"{members:,.0f} EUR for {year}-{month:02d} (tolerance {tolerance_eur:,.0f} EUR)",
            column="VALUE_IN_EUR",
        )


#: Columns of a Comext relation (as :func:`toolkit.sources.read_comext`, without ``month_date``).
COMEXT_COLUMNS = (
    "reporter",
    "reporter_iso2",
    "reporter_kind",
    "partner",
    "product",
    "flow",
    "stat_procedure",
    "year",
    "month",
    "value_eur",
    "file",
)


def comext_relation(
    source,
    *,
    include: str = "eu27",
    check: bool = True,
    check_total: bool = True,
    tolerance_eur: float = 1000.0,
    con=None,
):
    """Open Comext CSV exports (or Parquet written by :func:`to_parquet`) as a DuckDB relation.

    Parameters
    ----------
    source : str or path-like
        A folder of Comext data-browser CSV exports, one such CSV file (any size:
        DuckDB reads it in parallel, out of core), or a ``.parquet`` file / glob.
    include : {"eu27", "members", "aggregates", "all"}
        Which reporters, as in :func:`toolkit.sources.read_comext` (default: the
        27 current member states, so sums over reporters are EU-27 totals).
    check : bool
        Check the CSV as the pandas reader does (header, periods, reporters,
        values, one row per reporter and month): one extra scan, in DuckDB.
    check_total : bool
        With ``check``, also check each month's EU-27 aggregate against its members.
    tolerance_eur : float
        Allowed difference of that check.
    con : duckdb.DuckDBPyConnection, optional
        Connection to use (default: a module-wide in-memory one).

    Returns
    -------
    duckdb.DuckDBPyRelation
        Columns :data:`COMEXT_COLUMNS`; lazy (each query scans the source).

    Raises
    ------
    DataFormatError
        Missing file or column, an unparseable period or value, an unknown
        reporter, a duplicated row, an EU-27 total off its members (file, line, column).
    ParameterError
        An unknown ``include``.
    """
    if include not in _comext.INCLUDE:
        raise ParameterError(
            f"include={include!r}; expected one of {', '.join(_comext.INCLUDE)}",
            source="comext_relation",
            key="include",
        )
    con = _con(con)
    source = Path(source)
    if source.suffix == ".parquet" or "*" in source.name:
        if "*" not in source.name and not source.exists():
            raise DataFormatError(source, "no such Parquet file")
        rel = con.sql(f"SELECT * FROM read_parquet({_quote(source)})")
    else:
        files = _csv_files(source)
        _check_headers(files)
        listing = "[" + ", ".join(_quote(p) for p in files) + "]"
        scan = (
            f"read_csv({listing}, header = true, all_varchar = true, filename = true, "
            "union_by_name = true, quote = '\"', escape = '\"')"
        )
        view = f"comext_{abs(hash((str(source), id(con)))):x}"
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {_comext_select(scan)}")
        if check:
            _validate_comext(con, view, check_total=check_total, tolerance_eur=tolerance_eur)
        rel = con.sql(f"SELECT {', '.join(COMEXT_COLUMNS)} FROM {view}")
    kinds = {
        "eu27": "('eu27_member')",
        "members": "('eu27_member', 'former_member')",
        "aggregates": "('aggregate')",
    }
    if include != "all":
        rel = rel.filter(f"reporter_kind IN {kinds[include]}")
    return rel


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
    """The Census ``country.xlsx`` long table as a DuckDB relation.

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
    """The dated SDN snapshots as one DuckDB relation (one row per date, entry and program).

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
