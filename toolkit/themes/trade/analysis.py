"""US-Russia trade in goods: loaders of the embedded tables and the analysis of the fall."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.paths import embedded

FREQS = ("annual", "monthly")
STORED_FLOWS = ("exports", "imports")
FLOWS = ("exports", "imports", "balance", "total")
RUSSIA = "4621"

#: Citations of the embedded tables' ``source_id`` values.
SOURCES = {
    "census-country-2024-06": (
        "US Census Bureau, U.S. trade in goods by country (country.xlsx), Russia CTY_CODE 4621, "
        "data through June 2024; copy in cesinco/tableau-dashboard-extension-d3js @ bc24e2a "
        "(committed 2024-11-01)"
    ),
    "ustr-2024-summary": (
        "USTR (Office of the US Trade Representative), 2024 US-Russia trade summary, "
        "as quoted by the press (facts.md A36-A37, medium)"
    ),
    "rosstat-96stran-2021": (
        "Rosstat, Foreign trade of the Russian Federation with main countries (FTS data), "
        "96stran.xlsx, monthly 2006-2021; copy in mary-lev/eu-export-sanctions"
    ),
}
#: Short forms of the same citations, for the note under a figure.
SHORT_SOURCES = {
    "census-country-2024-06": "US Census Bureau, country.xlsx (Russia 4621), data through June 2024",
    "ustr-2024-summary": "USTR 2024 summary as quoted by the press (estimate)",
    "rosstat-96stran-2021": "Rosstat/FTS, 96stran.xlsx (Russia-reported)",
}
_COMBINED = "+"  # joins source ids of a derived row built from two sources


def _check_freq(freq, source):
    if freq not in FREQS:
        raise ParameterError(
            f"{freq!r} is not a frequency; expected one of {', '.join(FREQS)}",
            source=source,
            key="freq",
        )


def _check_flows(flows, source="flows"):
    flows = [flows] if isinstance(flows, str) else list(flows)
    unknown = [f for f in flows if f not in FLOWS]
    if unknown or not flows:
        raise ParameterError(
            f"unknown flow(s) {unknown or '(none given)'}; expected some of {', '.join(FLOWS)}",
            source=source,
            key="flows",
        )
    return flows


_PUBLISHERS = {"census": "US Census Bureau", "ustr": "USTR", "rosstat": "Rosstat"}


def _source_attrs(ids) -> dict:
    """Return ``attrs["source"]`` for rows of these source ids: publishers and full citations."""
    ids = sorted({i for s in ids for i in str(s).split(_COMBINED) if i})
    publishers = [_PUBLISHERS.get(i.split("-")[0], i) for i in ids]
    return {
        "publisher": " / ".join(dict.fromkeys(publishers)),
        "sources": {i: SOURCES.get(i, i) for i in ids},
    }


def add_derived(data):
    """Return ``data`` with ``balance`` (exports - imports) and ``total`` rows added.

    Derived rows exist only where both flows exist for the period; a missing
    flow gives a missing (NaN) derived value, never a partial sum.
    """
    import pandas as pd

    keys = [c for c in ("year", "month") if c in data.columns]
    stored = data[data.flow.isin(STORED_FLOWS)]
    wide = stored.pivot_table(
        index=keys, columns="flow", values="value_usd_m", aggfunc="first", dropna=False
    )
    wide = wide.reindex(columns=list(STORED_FLOWS))
    aggregators = {
        "source_id": lambda s: _COMBINED.join(sorted(set(s))),
        "is_estimate": "any",
        "approx": "any",
        "fact_id": lambda s: ";".join(sorted(set(s.dropna()))),
        # a derived figure is only as sure as its least sure part
        "confidence": lambda s: "medium" if (s == "medium").any() else "high",
    }
    extra_cols = [c for c in aggregators if c in data.columns]
    meta = stored.groupby(keys).agg(**{c: (c, aggregators[c]) for c in extra_cols})
    parts = [stored]
    for flow, values in (
        ("balance", wide["exports"] - wide["imports"]),
        ("total", wide["exports"] + wide["imports"]),
    ):
        part = values.rename("value_usd_m").reset_index()
        part["flow"] = flow
        part = part.merge(meta.reset_index(), on=keys, how="left")
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["flow"] = pd.Categorical(out["flow"], categories=FLOWS)
    out = out.sort_values(keys + ["flow"], ignore_index=True)
    out["flow"] = out["flow"].astype(str)
    return out


def _finish(df, freq):
    import pandas as pd

    if freq == "monthly":
        df["date"] = pd.to_datetime(dict(year=df.year, month=df.month, day=1))
        cols = ["year", "month", "date", "flow", "value_usd_m", "source_id"]
    else:
        cols = ["year", "flow", "value_usd_m", "source_id", "is_estimate", "approx"]
    cols += [c for c in df.columns if c not in cols]
    return df[cols]


def load_us_russia_trade(*, freq: str = "annual", flows=FLOWS):
    """Load US goods trade with Russia, 1992 to the latest published month.

    Parameters
    ----------
    freq : {"annual", "monthly"}
        ``annual``: Census totals for complete years (1992-2023) plus full-year
        2024 from the USTR summary (``is_estimate`` True; imports ``approx``).
        ``monthly``: Census, 1992-01 to 2024-12; months after June 2024 are
        not in this vintage and are NaN.
    flows : iterable of str
        Any of ``exports``, ``imports`` (stored) and ``balance``, ``total``
        (derived here: exports - imports, exports + imports).

    Returns
    -------
    pandas.DataFrame
        Long table: ``year``, (``month``, ``date``), ``flow``, ``value_usd_m``
        (USD million, nominal), ``source_id``; annual adds ``is_estimate``,
        ``approx``, ``fact_id`` and ``confidence`` (facts.md).

    Raises
    ------
    ParameterError
        If ``freq`` or a flow is unknown.
    """
    import pandas as pd

    _check_freq(freq, "load('us_russia_trade')")
    flows = _check_flows(flows, "load('us_russia_trade')")
    df = pd.read_csv(embedded(f"us_russia_trade_{freq}.csv"), dtype={"source_id": str})
    if freq == "monthly":
        df["is_estimate"] = False
        df["approx"] = False
    out = add_derived(df)
    out = out[out.flow.isin(flows)].reset_index(drop=True)
    out = _finish(out, freq)
    out.attrs["source"] = _source_attrs(out.source_id)
    return out


def from_census(census, *, freq: str = "annual", cty_code=RUSSIA, add_ustr: bool = True):
    """Turn the output of :func:`toolkit.sources.read_census_country` into the trade shape.

    Parameters
    ----------
    census : pandas.DataFrame
        From ``read_census_country(path, freq=freq)`` (a user's own Census file).
    freq : {"annual", "monthly"}
        The frequency ``census`` was read with.
    cty_code : str or int
        Census country code (Russia 4621).
    add_ustr : bool
        Annual only: add the USTR full-year 2024 rows when the file has no
        complete 2024.

    Returns
    -------
    pandas.DataFrame
        Same columns as :func:`load_us_russia_trade`.
    """
    import pandas as pd

    _check_freq(freq, "from_census")
    code = f"{int(cty_code):04d}"
    df = census[census.cty_code == code]
    if df.empty:
        raise ParameterError(
            f"country code {code} is not in the Census table", source="from_census", key="cty_code"
        )
    vintage = census.attrs.get("source", {}).get("last_published", "")
    sid = f"census-country-{vintage}" if vintage else "census-country"
    if freq == "monthly":
        if "months_published" in df.columns:
            raise ParameterError(
                "the Census table was read with freq='annual'", source="from_census", key="freq"
            )
        out = df[["year", "month", "flow", "value_usd_m"]].copy()
        out["month"] = out["month"].astype(int)
    else:
        if "months_published" not in df.columns:
            raise ParameterError(
                "the Census table was read with freq='monthly'", source="from_census", key="freq"
            )
        out = df[df.months_published == 12][["year", "flow", "value_usd_m"]].copy()
    out["source_id"] = sid
    out["is_estimate"] = False
    out["approx"] = False
    if freq == "annual" and add_ustr and code == RUSSIA and 2024 not in set(out.year):
        ustr = pd.read_csv(embedded("us_russia_trade_annual.csv"), dtype={"source_id": str})
        ustr = ustr[ustr.source_id == "ustr-2024-summary"][list(out.columns)]
        out = pd.concat([out, ustr], ignore_index=True)
    full = _finish(add_derived(out), freq)
    full.attrs["source"] = _source_attrs(full.source_id)
    full.attrs["source"]["sources"].setdefault(sid, census.attrs.get("source", {}).get("file", sid))
    return full


def select(data, *, start=None, end=None, flows=None):
    """Return the rows of ``data`` within ``start``-``end`` (years) and of ``flows``.

    Parameters
    ----------
    data : pandas.DataFrame
        A trade table (annual or monthly).
    start, end : int, optional
        First and last year kept (inclusive).
    flows : iterable of str, optional
        Flows kept; all when omitted.

    Returns
    -------
    pandas.DataFrame
        The selected rows, with ``data``'s provenance (``attrs``).
    """
    out = data
    if start is not None:
        out = out[out.year >= int(start)]
    if end is not None:
        out = out[out.year <= int(end)]
    if flows is not None:
        out = out[out.flow.isin(_check_flows(flows))]
    out = out.reset_index(drop=True)
    out.attrs = dict(data.attrs)
    return out


def wide(data):
    """Return one row per period, one column per flow (USD million).

    Parameters
    ----------
    data : pandas.DataFrame
        A long trade table.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (and ``month``); columns in the order exports,
        imports, balance, total (those present).
    """
    keys = [c for c in ("year", "month") if c in data.columns]
    table = data.pivot_table(
        index=keys, columns="flow", values="value_usd_m", aggfunc="first", dropna=False
    )
    table = table.reindex(columns=[f for f in FLOWS if f in table.columns])
    table.columns.name = None
    return table


def _annual_only(data, where):
    if "month" in data.columns:
        raise ParameterError(
            "needs annual data; load it with freq='annual'", source=where, key="data"
        )


def _year_value(table, year, flow, where):
    if year not in table.index:
        raise ParameterError(
            f"year {year} is not in the data ({table.index.min()}-{table.index.max()})",
            source=where,
            key="year",
        )
    return float(table.loc[year, flow])


def fall_factor(
    data, *, base_year: int = 2021, comparison_year: int = 2024, flows=FLOWS[:2] + ("total",)
):
    """Return how many times smaller each flow is in ``comparison_year`` than in ``base_year``.

    Parameters
    ----------
    data : pandas.DataFrame
        Annual trade (:func:`load_us_russia_trade`).
    base_year, comparison_year : int
    flows : iterable of str
        Flows to compare (the balance, which changes sign, is better read as a change).

    Returns
    -------
    pandas.DataFrame
        ``flow``, ``base_year``, ``comparison_year``, ``base_usd_m``,
        ``comparison_usd_m``, ``factor`` (base / comparison), ``change_pct``,
        ``comparison_source``.
    """
    import pandas as pd

    _annual_only(data, "fall_factor")
    flows = _check_flows(flows, "fall_factor")
    table = wide(data)
    src = data.drop_duplicates(["year", "flow"]).set_index(["year", "flow"]).source_id
    rows = []
    for flow in flows:
        base = _year_value(table, base_year, flow, "fall_factor")
        comp = _year_value(table, comparison_year, flow, "fall_factor")
        rows.append(
            {
                "flow": flow,
                "base_year": base_year,
                "comparison_year": comparison_year,
                "base_usd_m": base,
                "comparison_usd_m": comp,
                "factor": base / comp if comp else float("nan"),
                "change_pct": (comp / base - 1) * 100 if base else float("nan"),
                "comparison_source": src.get((comparison_year, flow), ""),
            }
        )
    return pd.DataFrame(rows)


def yoy(data, *, flows=STORED_FLOWS + ("total",)):
    """Return year-on-year changes per flow.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``flow``, ``value_usd_m``, ``previous_usd_m``,
        ``change_abs_usd_m``, ``change_pct``, ``source_id``.
    """
    _annual_only(data, "yoy")
    flows = _check_flows(flows, "yoy")
    df = data[data.flow.isin(flows)].sort_values(["flow", "year"]).copy()
    df["previous_usd_m"] = df.groupby("flow").value_usd_m.shift()
    # a gap in the years would make "previous" not the year before
    prev_year = df.groupby("flow").year.shift()
    df.loc[prev_year != df.year - 1, "previous_usd_m"] = float("nan")
    df["change_abs_usd_m"] = df.value_usd_m - df.previous_usd_m
    df["change_pct"] = (df.value_usd_m / df.previous_usd_m - 1) * 100
    cols = [
        "year",
        "flow",
        "value_usd_m",
        "previous_usd_m",
        "change_abs_usd_m",
        "change_pct",
        "source_id",
    ]
    return df[cols].sort_values(["year", "flow"], ignore_index=True)


def _decimals(value) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def _holds(comparator, claimed, actual, scale=1.0):
    """Whether ``actual`` satisfies ``comparator claimed`` (rounding as written for '=')."""
    import math

    if math.isnan(actual) or math.isnan(claimed):
        return None
    if comparator == "=":
        return abs(actual - claimed) <= 0.5 * 10 ** -_decimals(claimed / scale) * scale + 1e-9
    if comparator == "about":
        return abs(actual - claimed) <= 0.1 * abs(claimed)
    if comparator == "more than":
        return actual > claimed
    if comparator == "less than":
        return actual < claimed
    raise ParameterError(f"unknown comparator {comparator!r}", source="compare_claims")


def compare_claims(data, claims):
    """Place each trade figure of the commentary beside the data's value.

    Parameters
    ----------
    data : pandas.DataFrame
        Annual trade with ``exports``, ``imports`` and ``total`` (from
        :func:`load_us_russia_trade` or :func:`from_census`).
    claims : pandas.DataFrame
        :func:`toolkit.claims.load_claims`; only ``theme == "trade"`` rows are used.

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``claim_id``, ``quantity``, ``flow``, ``year``,
        ``comparator``, ``claimed`` and ``unit`` (as written), ``claimed_usd_m``,
        ``data_usd_m`` (or the data's factor for the fall), ``diff_abs``
        (data - claim, in USD million, or in times for the factor) and
        ``diff_pct`` (relative to the claim), ``holds`` (the claim's comparator
        is met, '=' read as rounding of the written figure), the stated and
        the data's ``change_pct`` and absolute change, ``change_holds``,
        ``data_source`` and a ``note``.
    """
    import math

    import pandas as pd

    _annual_only(data, "compare_claims")
    table = wide(data)
    indexed = data.drop_duplicates(["year", "flow"]).set_index(["year", "flow"])
    src = indexed.source_id
    approx = indexed.approx if "approx" in indexed.columns else None
    nan = float("nan")

    def get(year, flow):
        if year is pd.NA or year not in table.index or flow not in table.columns:
            return nan
        return float(table.loc[year, flow])

    rows = []
    trade = claims[claims.theme == "trade"]
    for c in trade.itertuples(index=False):
        year = int(c.year)
        base = None if pd.isna(c.base_year) else int(c.base_year)
        note = ""
        row = {
            "claim_id": c.claim_id,
            "quantity": c.quantity,
            "flow": c.flow,
            "year": year,
            "comparator": c.comparator,
            "claimed": c.value,
            "unit": c.unit,
        }
        if c.unit == "factor":
            actual = get(base, c.flow) / get(year, c.flow) if base else nan
            claimed = c.value
            row.update(claimed_usd_m=nan, data_usd_m=nan, data_factor=actual)
            implied = claims.set_index("claim_id").value_usd_m
            if {"T-2021-total", "T-2024-total"} <= set(implied.index):
                own = implied["T-2021-total"] / implied["T-2024-total"]
                note = f"the commentary's own {base} and {year} totals give a factor of {own:.2f}"
            holds = _holds(c.comparator, claimed, actual)
            diff = actual - claimed
        else:
            actual = get(year, c.flow)
            claimed = c.value_usd_m
            row.update(claimed_usd_m=claimed, data_usd_m=actual, data_factor=nan)
            if math.isnan(claimed) and c.comparator == "less than" and base:
                # a direction only: "lower than the base year"
                holds = _holds("less than", get(base, c.flow), actual)
                diff = nan
                note = f"direction only: {year} below {base}"
            else:
                scale = 1000.0 if c.unit == "USD billion" else 1.0
                holds = _holds(c.comparator, claimed, actual, scale)
                diff = actual - claimed
        row["diff_abs"] = diff
        row["diff_pct"] = diff / claimed * 100 if claimed and not math.isnan(claimed) else nan
        row["holds"] = holds
        data_change = nan
        data_change_abs = nan
        if base and c.unit != "factor":
            prev = get(base, c.flow)
            data_change = (actual / prev - 1) * 100 if prev else nan
            data_change_abs = actual - prev
        row["claimed_change_pct"] = c.change_pct
        row["data_change_pct"] = data_change
        row["claimed_change_abs_usd_m"] = c.change_abs_usd_m
        row["data_change_abs_usd_m"] = data_change_abs
        change_holds = None
        if not pd.isna(c.change_pct) and not math.isnan(data_change):
            change_holds = _holds("=", float(c.change_pct), data_change)
        if not pd.isna(c.change_abs_usd_m) and not math.isnan(data_change_abs):
            comp = c.change_abs_comparator if isinstance(c.change_abs_comparator, str) else "="
            scale = 1000.0 if c.unit == "USD billion" else 1.0
            ok = _holds(comp, abs(c.change_abs_usd_m), abs(data_change_abs), scale)
            change_holds = ok if change_holds is None else (change_holds and ok)
        row["change_holds"] = change_holds
        ids = {src.get((year, c.flow), "")} | ({src.get((base, c.flow), "")} if base else set())
        row["data_source"] = " & ".join(sorted(i for i in ids if i))
        if approx is not None and bool(approx.get((year, c.flow), False)):
            rounded = "the data's value is itself rounded (approx), so small differences are not meaningful"
            note = f"{note}; {rounded}" if note else rounded
        row["note"] = note
        rows.append(row)
    return pd.DataFrame(rows)


def load_mirror(*, flows=STORED_FLOWS):
    """Load the mirror view: US-reported vs Russia-reported trade, 2006-2021 (embedded).

    Returns
    -------
    pandas.DataFrame
        See :func:`mirror_view`.
    """
    import pandas as pd

    us = load_us_russia_trade(freq="annual", flows=STORED_FLOWS)
    ru = pd.read_csv(embedded("us_russia_trade_rosstat.csv"), dtype={"source_id": str})
    out = mirror_view(us, ru)
    attrs = out.attrs
    out = out[out.us_flow.isin(_check_flows(flows, "load_mirror"))].reset_index(drop=True)
    out.attrs = attrs
    return out


def mirror_view(us, russia):
    """Pair each US-reported flow with its mirror in Russia's statistics.

    Parameters
    ----------
    us : pandas.DataFrame
        Annual US trade with Russia (``year``, ``flow``, ``value_usd_m``).
    russia : pandas.DataFrame
        Russia's annual trade with the USA from Rosstat (``year``, ``flow`` from
        Russia's view, ``value_usd_m``); or the monthly output of
        :func:`toolkit.sources.read_rosstat_trade`, summed here (full years only).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``us_flow`` (``imports``: US imports from Russia, mirrored by
        Russia's exports to the USA; ``exports``: the reverse),
        ``us_reported_usd_m``, ``russia_reported_usd_m``, ``gap_usd_m``
        (US - Russia), ``gap_pct`` (gap / Russia-reported), ``us_source``,
        ``russia_source``; years both report.
    """
    import pandas as pd

    ru = russia
    if "month" in ru.columns:
        ru = ru[ru.partner == "USA"] if "partner" in ru.columns else ru
        ru = ru.groupby(["year", "flow"], as_index=False).agg(
            value_usd_m=("value_usd_m", lambda s: s.sum(min_count=12)),
            months=("value_usd_m", "count"),
        )
        ru = ru[ru.months == 12]
        ru["source_id"] = "rosstat-96stran-2021"
    ru = ru.assign(us_flow=ru.flow.map({"exports": "imports", "imports": "exports"}))
    us = us[us.flow.isin(STORED_FLOWS)]
    merged = us.merge(
        ru[["year", "us_flow", "value_usd_m", "source_id"]],
        left_on=["year", "flow"],
        right_on=["year", "us_flow"],
        suffixes=("_us", "_ru"),
    )
    out = pd.DataFrame(
        {
            "year": merged.year,
            "us_flow": merged.us_flow,
            "us_reported_usd_m": merged.value_usd_m_us,
            "russia_reported_usd_m": merged.value_usd_m_ru,
        }
    )
    out["gap_usd_m"] = out.us_reported_usd_m - out.russia_reported_usd_m
    out["gap_pct"] = out.gap_usd_m / out.russia_reported_usd_m * 100
    out["us_source"] = merged.source_id_us.values
    out["russia_source"] = merged.source_id_ru.values
    out = out.sort_values(["year", "us_flow"], ignore_index=True)
    out.attrs["source"] = _source_attrs(set(out.us_source) | set(out.russia_source))
    return out


def load_us_imports_goods(*, year=None):
    """Load what the US imports from Russia by category (2021 end-use; 2024 main goods).

    Parameters
    ----------
    year : int, optional
        Keep one year (2021 or 2024).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``category``, ``value_usd_m``, ``share_pct`` (share of all US
        imports from Russia, where the source gives one), ``approx``,
        ``basis``, ``source_url``, ``publisher``, ``confidence``, ``fact_id``, ``note``.
    """
    import pandas as pd

    df = pd.read_csv(embedded("us_imports_from_russia_goods.csv"))
    if year is not None:
        if int(year) not in set(df.year):
            raise ParameterError(
                f"no goods figures for {year}; years: {sorted(set(df.year))}",
                source="load('us_imports_from_russia_goods')",
                key="year",
            )
        df = df[df.year == int(year)].reset_index(drop=True)
    df.attrs["source"] = {
        "publisher": "US Census Bureau / USITC DataWeb, via press",
        "title": "US imports from Russia by category",
    }
    return df
