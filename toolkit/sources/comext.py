"""Reader of Eurostat Comext data-browser CSV exports (one file a month, member states and aggregates)."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.fields import LICENCES, MONTH, YEAR, Column
from toolkit.sources._checks import read_csv_table
from toolkit.sources._declare import Hostile, ReaderDataset, Source
from toolkit.sources._values import check_years, parse_amount

#: Header of a Comext "Relational view" CSV export, in file order.
COLUMNS = ("REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD", "VALUE_IN_EUR")

#: The file of the shared copy the hostile-input suite damages.
_SAMPLE = (
    "eurostat-comext-exports/russia_export_eurostat/Relational_View_2024-11-16T07_39_22.386Z.csv"
)

SOURCE = Source(
    key="comext",
    title="EU trade by member state, partner and month (Eurostat Comext data-browser CSV exports)",
    publisher="Eurostat (Comext)",
    licence=LICENCES["eurostat"],
    format="a folder of CSV exports ('Relational view', one file a month)",
    reader="toolkit.sources.comext:read_comext",
    url="https://ec.europa.eu/eurostat/comext/newxtweb/",
    url_note="the Comext data browser: exports are made by hand there, one file a month with "
    "a generated name (no fixed download URL)",
    reads_folder=True,
    shared=(
        "eurostat-comext-exports/russia_export_eurostat",
        "eurostat-comext-exports/kyrgyz_export_eurostat",
    ),
    dataset=ReaderDataset(
        theme="resilience",
        vintage="as downloaded by the user; the shared copy: 2019-01..2024-08, exported 2024-11-16",
        as_of="2024-08",  # the shared copy's latest period
        cadence="monthly",
        citation="Eurostat, Comext database, EU trade since 1988 by reporter and partner",
        description="load('comext', path=<folder>, include='eu27'|'members'|'aggregates'|'all').",
        default_file="eurostat-comext-exports/russia_export_eurostat",
        columns=(
            Column("reporter", "str", "", "reporter label as in the file"),
            Column("reporter_iso2", "str", "", "ISO code of a member state (empty for aggregates)"),
            Column("reporter_kind", "str", "", "eu27_member, former_member or aggregate"),
            Column("partner", "str", "", "partner label as in the file"),
            Column("product", "str", "", "product label as in the file"),
            Column("flow", "str", "", "export or import"),
            Column("stat_procedure", "str", "", "statistical procedure as in the file"),
            YEAR,
            MONTH,
            Column("month_date", "date", "", "first day of the month"),
            Column("value_eur", "float", "EUR", "trade value"),
            Column("file", "str", "", "file the row came from"),
        ),
        usage_warnings=(
            "include='all' returns aggregates beside member states: never sum them together.",
        ),
    ),
    hostile=(
        Hostile(
            "text",
            _SAMPLE.rsplit("/", 1)[1],
            samples=(_SAMPLE,),
            required=("REPORTER", "PERIOD", "VALUE_IN_EUR", "PARTNER", "FLOW"),
            huge_column="PRODUCT",
            huge_output="product",
            quote_all=True,
            huge_all_rows=True,  # PRODUCT is part of the key of the EU-27 total check
            folder=True,
        ),
    ),
)

#: EU-27 member states (composition since February 2020) by the name Comext starts its label with.
EU27_MEMBERS = {
    "Austria": "AT",
    "Belgium": "BE",
    "Bulgaria": "BG",
    "Croatia": "HR",
    "Cyprus": "CY",
    "Czechia": "CZ",
    "Denmark": "DK",
    "Estonia": "EE",
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "Greece": "GR",
    "Hungary": "HU",
    "Ireland": "IE",
    "Italy": "IT",
    "Latvia": "LV",
    "Lithuania": "LT",
    "Luxembourg": "LU",
    "Malta": "MT",
    "Netherlands": "NL",
    "Poland": "PL",
    "Portugal": "PT",
    "Romania": "RO",
    "Slovakia": "SK",
    "Slovenia": "SI",
    "Spain": "ES",
    "Sweden": "SE",
}

#: Former members that Comext reports as reporters for the months they belonged to the EU.
FORMER_MEMBERS = {"United Kingdom": "GB"}

#: Label prefixes of aggregate reporters (sums of member states: never add them to members).
AGGREGATE_PREFIXES = ("European Union", "Euro area")

#: The aggregate that equals the sum of the 27 current member states.
EU27_PREFIX = "European Union - 27 countries"

#: The first year of Comext's series (EU trade since 1988).
FIRST_YEAR = 1988

INCLUDE = ("eu27", "members", "aggregates", "all")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_FULL_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_PERIOD = re.compile(r"^([A-Za-z]+)\.? (\d{4})$")


def parse_period(text: str) -> tuple[int, int] | None:
    """Return ``(year, month)`` of a Comext period such as ``"Aug. 2024"``, or None.

    Accepts the data browser's abbreviations (``May.``, ``Sep.``), ``Sept.``,
    a missing dot and full month names, in any letter case.
    """
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    name = match.group(1).lower()
    month = _MONTHS.get(name) or _FULL_MONTHS.get(name)
    if month is None:
        return None
    return int(match.group(2)), month


def reporter_kind(reporter: str) -> str | None:
    """Classify a reporter label: ``eu27_member``, ``former_member``, ``aggregate`` or None."""
    if reporter.startswith(AGGREGATE_PREFIXES):
        return "aggregate"
    short = reporter.split(" (")[0].strip()
    if short in EU27_MEMBERS:
        return "eu27_member"
    if short in FORMER_MEMBERS:
        return "former_member"
    return None


def _iso2(reporter: str) -> str | None:
    short = reporter.split(" (")[0].strip()
    return EU27_MEMBERS.get(short) or FORMER_MEMBERS.get(short)


def _read_file(path: Path) -> list[dict]:
    # Data-browser exports end every record, the last one too, with CRLF.
    table, lines = read_csv_table(path, "a Comext CSV export", columns=COLUMNS, final_line_end=True)
    records = []
    cells = {c: table[c].to_numpy() for c in COLUMNS}
    for i, lineno in enumerate(lines):
        rec = {c: cells[c][i].strip() for c in COLUMNS}
        period = parse_period(rec["PERIOD"])
        if period is None:
            raise DataFormatError(
                path,
                f"period {rec['PERIOD']!r} is not a month like 'Aug. 2024' ('Mon. YYYY')",
                line=lineno,
                column="PERIOD",
            )
        kind = reporter_kind(rec["REPORTER"])
        if kind is None:
            raise DataFormatError(
                path,
                f"unknown reporter {rec['REPORTER']!r}; expected an EU member state, the United "
                f"Kingdom or an aggregate starting with {' or '.join(AGGREGATE_PREFIXES)!r}",
                line=lineno,
                column="REPORTER",
            )
        check_years(
            path,
            [period[0]],
            FIRST_YEAR,
            where=lambda _, at=lineno: {"line": at, "column": "PERIOD"},
        )
        raw = rec["VALUE_IN_EUR"].replace(" ", "")
        if raw == ":":
            value = float("nan")  # Comext writes ':' for not available; missing is missing
        else:
            value = parse_amount(
                path, raw, line=lineno, column="VALUE_IN_EUR", what="trade values in euros"
            )
        records.append(
            {
                "reporter": rec["REPORTER"],
                "reporter_iso2": _iso2(rec["REPORTER"]),
                "reporter_kind": kind,
                "partner": rec["PARTNER"],
                "product": rec["PRODUCT"],
                "flow": rec["FLOW"].lower(),
                "stat_procedure": rec["STAT_PROCEDURE"],
                "year": period[0],
                "month": period[1],
                "value_eur": value,
                "file": path.name,
                "line": lineno,
            }
        )
    if not records:
        raise DataFormatError(path, "no data rows after the header", line=2)
    return records


def check_eu27_total(data, *, tolerance_eur: float = 1000.0):
    """Check that each month's EU-27 aggregate equals the sum of the 27 member states.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`read_comext` with ``include="all"``.
    tolerance_eur : float
        Allowed absolute difference (rounding in the data browser).

    Returns
    -------
    pandas.DataFrame
        One row per partner, flow and month: ``eu27_eur``, ``members_eur``,
        ``difference_eur`` (months with no EU-27 row are left out).

    Raises
    ------
    DataFormatError
        If a difference exceeds the tolerance (names the file of that month).
    """
    keys = ["partner", "product", "flow", "stat_procedure", "year", "month"]
    agg = data[
        (data["reporter_kind"] == "aggregate") & data["reporter"].str.startswith(EU27_PREFIX)
    ]
    members = data[data["reporter_kind"] == "eu27_member"]
    total = agg.groupby(keys, as_index=False).agg(
        eu27_eur=("value_eur", "sum"), file=("file", "first")
    )
    summed = members.groupby(keys, as_index=False)["value_eur"].sum(min_count=1)
    out = total.merge(summed.rename(columns={"value_eur": "members_eur"}), on=keys, how="left")
    out["difference_eur"] = out["eu27_eur"] - out["members_eur"]
    bad = out[out["difference_eur"].abs() > tolerance_eur]
    if len(bad):
        first = bad.iloc[0]
        raise DataFormatError(
            first["file"],
            f"EU-27 total {first['eu27_eur']:,.0f} EUR differs from the sum of member states "
            f"{first['members_eur']:,.0f} EUR for {first['year']}-{first['month']:02d} "
            f"(tolerance {tolerance_eur:,.0f} EUR)",
            column="VALUE_IN_EUR",
        )
    return out.drop(columns="file")


def read_comext(folder, *, include: str = "eu27", check_total: bool = True):
    """Read a folder of Comext monthly CSV exports into one tidy table.

    Comext lists aggregate reporters ("European Union - 27 countries …",
    "Euro area …") beside the member states; summing everything double counts.
    By default only the 27 current member states are returned, so sums over
    ``reporter`` are EU-27 totals.

    Parameters
    ----------
    folder : str or path-like
        A folder of ``*.csv`` files with the header ``REPORTER,PARTNER,PRODUCT,
        FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR`` (a data-browser "Relational view").
    include : {"eu27", "members", "aggregates", "all"}
        ``eu27``: the 27 current member states; ``members``: those plus former
        members in the months they reported (the UK to January 2020);
        ``aggregates``: only the aggregate reporters; ``all``: every row (use
        ``reporter_kind`` before summing).
    check_total : bool
        Check that each month's EU-27 aggregate equals the sum of its members
        (see :func:`check_eu27_total`).

    Returns
    -------
    pandas.DataFrame
        Columns ``reporter, reporter_iso2, reporter_kind, partner, product, flow,
        stat_procedure, year, month, month_date, value_eur, file``; one row per
        reporter, partner, product, flow, procedure and month.

    Raises
    ------
    DataFormatError
        For a missing or empty folder, a missing column, an unparseable period
        or a period before :data:`FIRST_YEAR` or after the current year, a value
        that is not a finite, non-negative decimal number (``inf``, ``NaN``, ``1_000``), an unknown reporter, a row present in two files, or an EU-27
        total that does not match its members.
    ParameterError
        For an unknown ``include``.
    """
    import pandas as pd

    if include not in INCLUDE:
        raise ParameterError(
            f"include={include!r}; expected one of {', '.join(INCLUDE)}",
            source="read_comext",
            key="include",
        )
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFormatError(folder, "not a folder; expected a folder of Comext CSV exports")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise DataFormatError(folder, "no *.csv files; expected Comext monthly CSV exports")
    records = []
    for path in files:
        records.extend(_read_file(path))
    df = pd.DataFrame.from_records(records)
    keys = ["reporter", "partner", "product", "flow", "stat_procedure", "year", "month"]
    dup = df[df.duplicated(keys, keep=False)]
    if len(dup):
        first = dup.iloc[0]
        others = dup[(dup[keys] == first[keys]).all(axis=1)]["file"].tolist()
        raise DataFormatError(
            folder / first["file"],
            f"{first['reporter'][:40]!r} {first['year']}-{first['month']:02d} appears more than "
            f"once (files {', '.join(others)}); expected one row per reporter and month",
            line=int(first["line"]),
        )
    if check_total:
        check_eu27_total(df.assign(file=[str(folder / f) for f in df["file"]]))
    df["month_date"] = pd.to_datetime({"year": df["year"], "month": df["month"], "day": 1})
    if include == "eu27":
        df = df[df["reporter_kind"] == "eu27_member"]
    elif include == "members":
        df = df[df["reporter_kind"].isin(["eu27_member", "former_member"])]
    elif include == "aggregates":
        df = df[df["reporter_kind"] == "aggregate"]
    df = df[SOURCE.column_names()].sort_values(
        ["partner", "month_date", "reporter"], ignore_index=True
    )
    df.attrs["source"] = SOURCE.provenance(source=str(folder))
    return df
