"""The US-Russia trade series: loaded (embedded or a user's Census file), derived flows, selections."""

from __future__ import annotations

from toolkit.errors import ParameterError
from toolkit.paths import embedded

__all__ = [
    "FLOWS",
    "FREQS",
    "RUSSIA",
    "SHORT_SOURCES",
    "SOURCES",
    "SOURCE_IDS",
    "STORED_FLOWS",
    "add_derived",
    "check_flows",
    "check_freq",
    "from_census",
    "load_us_russia_trade",
    "select",
    "short_publisher",
    "source_attrs",
    "wide",
]


FREQS = ("annual", "monthly")


STORED_FLOWS = ("exports", "imports")


FLOWS = ("exports", "imports", "balance", "total")


RUSSIA = "4621"


#: What each ``source_id`` of the embedded tables is: the declared source it comes from
#: (publisher, title and URL are read from its declaration, :func:`toolkit.sources.get_source`)
#: and the part of it used. ``None``: a figure cited to facts.md, not a declared source.
SOURCE_IDS = {
    "census-country-2024-06": (
        "census_country",
        "Russia (CTY_CODE 4621), data through June 2024; copy in "
        "cesinco/tableau-dashboard-extension-d3js @ bc24e2a (committed 2024-11-01)",
        "Russia 4621, data through June 2024",
    ),
    "ustr-2024-summary": (
        None,
        "USTR (Office of the US Trade Representative), 2024 US-Russia trade summary, "
        "as quoted by the press (facts.md A36-A37, medium)",
        "USTR 2024 summary as quoted by the press (estimate)",
    ),
    "rosstat-96stran-2021": (
        "rosstat_trade",
        "trade with the USA, monthly 2006-2021; copy in mary-lev/eu-export-sanctions",
        "Russia-reported",
    ),
    "imf-imts-2024": (
        "imf_imts",
        "Russian Federation, counterpart United States, annual 2016-2024; 2022-2024 are IMF "
        "estimates from partner data; copy in paulinakasetiene/Russia-sanctions-trade-reallocation "
        "@ 0d3a9a4",
        "Russia-side; 2022-2024 IMF estimates from partner data",
    ),
}


def short_publisher(key: str) -> str:
    """Return the publisher of declared source ``key`` in a few words (its name before any bracket or comma)."""
    from toolkit.sources import get_source

    return get_source(key).publisher.split(" (")[0].split(",")[0]


def _citation(source_id: str, *, short: bool) -> str:
    key, detail, brief = SOURCE_IDS[source_id]
    if key is None:
        return brief if short else detail
    from toolkit.sources import get_source

    src = get_source(key)
    if short:
        return f"{short_publisher(key)}, {src.title.split(',')[0]} ({brief})"
    return f"{src.publisher}, {src.title}, {detail}" + (f" ({src.url})" if src.url else "")


#: Citations of the embedded tables' ``source_id`` values.
SOURCES = {sid: _citation(sid, short=False) for sid in SOURCE_IDS}

#: Short forms of the same citations, for the note under a figure.
SHORT_SOURCES = {sid: _citation(sid, short=True) for sid in SOURCE_IDS}


_COMBINED = "+"  # joins source ids of a derived row built from two sources


def check_freq(freq, source) -> None:
    """Raise ParameterError unless ``freq`` is one of :data:`FREQS` (``source``: the caller)."""
    if freq not in FREQS:
        raise ParameterError(
            f"{freq!r} is not a frequency; expected one of {', '.join(FREQS)}",
            source=source,
            key="freq",
        )


def check_flows(flows, source="flows") -> list[str]:
    """Return ``flows`` as a list after checking each is one of :data:`FLOWS`.

    Parameters
    ----------
    flows : str or iterable of str
        One flow or several.
    source : str
        The caller, named in the error.

    Returns
    -------
    list of str

    Raises
    ------
    ParameterError
        An unknown flow, or none given.
    """
    flows = [flows] if isinstance(flows, str) else list(flows)
    unknown = [f for f in flows if f not in FLOWS]
    if unknown or not flows:
        raise ParameterError(
            f"unknown flow(s) {unknown or '(none given)'}; expected some of {', '.join(FLOWS)}",
            source=source,
            key="flows",
        )
    return flows


def _source_key(source_id: str):
    """Return the declared source of a source id (also of a user file's, e.g. census-country-2025-03)."""
    for sid, (key, _, _) in SOURCE_IDS.items():
        if source_id == sid or source_id.startswith(sid.rsplit("-", 2)[0]):
            return key
    return source_id


def _publisher(source_id: str) -> str:
    """Return the short publisher of a source id (its declared source's, or USTR's)."""
    from toolkit.sources import source_keys

    key = _source_key(source_id)
    if key is None:
        return "USTR"
    return short_publisher(key) if key in source_keys() else source_id


def source_attrs(ids) -> dict:
    """Return ``attrs["source"]`` for rows of these source ids: publishers and full citations."""
    ids = sorted({i for s in ids for i in str(s).split(_COMBINED) if i})
    publishers = [_publisher(i) for i in ids]
    return {
        "publisher": " / ".join(dict.fromkeys(publishers)),
        "sources": {i: SOURCES.get(i, i) for i in ids},
    }


def add_derived(data):
    """Return ``data`` with ``balance`` (exports - imports) and ``total`` rows added.

    Derived rows exist only where both flows exist for the period; a missing
    flow gives a missing (NaN) derived value, never a partial sum.

    Parameters
    ----------
    data : pandas.DataFrame
        Long trade rows of the stored flows (``exports``, ``imports``).

    Returns
    -------
    pandas.DataFrame
        The stored rows and the derived ones, sorted by period and flow.
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

    check_freq(freq, "load('us_russia_trade')")
    flows = check_flows(flows, "load('us_russia_trade')")
    df = pd.read_csv(embedded(f"us_russia_trade_{freq}.csv"), dtype={"source_id": str})
    if freq == "monthly":
        df["is_estimate"] = False
        df["approx"] = False
    out = add_derived(df)
    out = out[out.flow.isin(flows)].reset_index(drop=True)
    out = _finish(out, freq)
    out.attrs["source"] = source_attrs(out.source_id)
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

    check_freq(freq, "from_census")
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
    full.attrs["source"] = source_attrs(full.source_id)
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
        out = out[out.flow.isin(check_flows(flows))]
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
