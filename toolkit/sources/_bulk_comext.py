"""Comext CSV exports as a DuckDB relation, checked as the pandas reader checks them.

Part of :mod:`toolkit.sources.bulk` (which re-exports :func:`comext_relation`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources import comext as _comext
from toolkit.sources._checks import require_header
from toolkit.sources._duck import _case, _con, _quote

__all__ = ["COMEXT_COLUMNS", "comext_relation"]


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
    """Return the (year, month) the SQL shortcut of :func:`_comext_select` reads from ``period``."""
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


#: Columns of a Comext relation: the reader's declared columns without ``month_date``.
COMEXT_COLUMNS = tuple(c for c in _comext.SOURCE.column_names() if c != "month_date")


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
