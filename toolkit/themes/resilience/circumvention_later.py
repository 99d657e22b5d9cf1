"""Did the 2022 shift last? EU totals to 2024-08 and the IMF partner data to 2024.

The product file (``eurostat-cn8-exports``) ends in 2022-11. Two longer series say whether the
rise of exports to Russia's neighbours outlived 2022, for all goods only (no product detail):

* :func:`eu_monthly_totals`: EU-27 exports (sum of the member states) to Russia and each
  neighbour, month by month, from the Comext data-browser exports (2019-01..2024-08);
* :func:`same_months_by_year`: the same calendar months of each year (January-August by
  default, the months 2024 has), indexed to a base year, so a partial year is compared fairly;
* :func:`imf_partner_index`: Russia's imports from each neighbour, annual to 2024 (IMF IMTS;
  from 2022 IMF estimates from the partners' own reports, i.e. mirror data).

What they cannot show: which goods (all goods only), whether the goods were re-exported to
Russia or used where they landed, and the valuation gap between the EU's FOB-type exports and
the partners' CIF-type imports (the IMF rows are Russia's imports as others reported them).
"""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import ParameterError
from toolkit.themes.resilience.cn8_panel import RUSSIA, short_name

__all__ = [
    "COMEXT_FOLDERS",
    "IMF_PARTNERS",
    "eu_monthly_totals",
    "imf_partner_index",
    "load_eu_monthly",
    "same_months_by_year",
    "shared_paths",
]

#: Partner -> Comext folder of the shared data (one CSV export a month, all goods).
COMEXT_FOLDERS = {
    RUSSIA: "eurostat-comext-exports/russia_export_eurostat",
    "Armenia": "eurostat-comext-neighbours/armenia_export_eurostat",
    "Georgia": "eurostat-comext-neighbours/georgia_export_eurostat",
    "Kazakhstan": "eurostat-comext-neighbours/kazakhstan_export_eurostat",
    "Kyrgyzstan": "eurostat-comext-exports/kyrgyz_export_eurostat",
    "Uzbekistan": "eurostat-comext-neighbours/uzbek_export_eurostat",
}
#: IMF counterpart code of Russia's neighbours (and Belarus, kept apart).
IMF_PARTNERS = {
    "ARM": "Armenia",
    "GEO": "Georgia",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "UZB": "Uzbekistan",
    "BLR": "Belarus",
}
_CODE = r"^[0-9A-Z]+-(?=\S)"  # the code of a code+label cell ("2-EXPORT", "TOTAL-Total")
_LABELLED = ("flow", "product", "stat_procedure")
_COMEXT_NAMES = {"Kyrgyz Republic": "Kyrgyzstan", "Russian Federation": RUSSIA}


#: Parameter -> the file or folder it defaults to under the shared data folder.
SHARED_DEFAULTS = {
    "cn8_dir": "eurostat-cn8-exports",
    "comext_root": "",
    "imf_path": "imf-imts-russia-by-partner/RU_trade.csv",
}
#: Parameter -> what its shared default holds (named when it is absent).
SHARED_HOLDS = {
    "cn8_dir": "Eurostat CN8 files: the EU product-level workbooks",
    "comext_root": "Eurostat Comext exports to Russia and its neighbours",
    "imf_path": "IMF IMTS Russia-by-partner file",
}


def _shared_default(root, key: str) -> Path:
    """Return the shared default of ``key`` under ``root``; raise if it is not there."""
    from toolkit.errors import SharedDataMissing
    from toolkit.paths import SHARED_DATA_ENV

    relative = SHARED_DEFAULTS[key]
    wanted = [relative] if relative else sorted({f.split("/")[0] for f in COMEXT_FOLDERS.values()})
    needs = f"../shared/data/{' and '.join(wanted)} ({SHARED_HOLDS[key]})"
    if root is None or not all((Path(root) / w).exists() for w in wanted):
        where = "no shared data folder" if root is None else f"not in {root}"
        raise SharedDataMissing(
            f"no {key} given and {', '.join(wanted)} {where} (../shared/data or "
            f"${SHARED_DATA_ENV}): the {SHARED_HOLDS[key]} are not embedded in the toolkit; "
            "give the path or set the variable",
            needs=needs,
            source="circumvention",
            key=key,
        )
    return Path(root) / relative


def shared_paths(**given) -> dict:
    """Return the circumvention notebook's input paths: each given one, or the shared copy.

    Parameters
    ----------
    **given : str
        ``cn8_dir``, ``comext_root``, ``imf_path`` (``""``: the shared data folder's copy).

    Returns
    -------
    dict of str to pathlib.Path

    Raises
    ------
    SharedDataMissing
        A path left empty whose shared copy is absent (no shared data folder, or the
        folder lacks it): the product-level files are not embedded in the toolkit, so
        the analysis cannot run on embedded data. The batch report records such a run
        as skipped, naming what it needs.
    """
    from toolkit.paths import shared_data_dir

    root = shared_data_dir()
    return {
        key: Path(given[key]) if given.get(key) else _shared_default(root, key)
        for key in SHARED_DEFAULTS
    }


def load_eu_monthly(root=None, folders=None):
    """Read the Comext folders of every partner and return EU-27 monthly totals.

    Parameters
    ----------
    root : str or path-like, optional
        The shared data folder; default :func:`toolkit.paths.shared_data_dir`.
    folders : dict, optional
        Partner -> folder under ``root`` (default :data:`COMEXT_FOLDERS`).

    Returns
    -------
    pandas.DataFrame
        :func:`eu_monthly_totals` of all the folders.
    """
    import pandas as pd

    from toolkit.framecache import cached, tag
    from toolkit.paths import SHARED_DATA_ENV, shared_data_dir
    from toolkit.sources.comext import read_comext

    root = Path(root) if root else shared_data_dir()
    if root is None:
        raise ParameterError(
            f"no shared data folder (set ${SHARED_DATA_ENV}) for the Comext exports",
            source="load_eu_monthly",
            key="root",
        )
    paths = [root / rel for rel in (folders or COMEXT_FOLDERS).values()]

    def build():
        frames = [read_comext(path) for path in paths]
        return eu_monthly_totals(pd.concat(frames, ignore_index=True))

    # the totals of these files, as summed before (the files' sha256 and this code key it)
    code = ["toolkit.themes.resilience." + m for m in ("circumvention_later", "cn8_panel")]
    code += ["toolkit.sources.comext", "toolkit.sources._checks"]
    return cached("eu-monthly-" + tag(*paths), paths, build, code=code)


def eu_monthly_totals(comext):
    """Sum the member states' exports per partner and month (all goods).

    Parameters
    ----------
    comext : pandas.DataFrame
        :func:`toolkit.sources.read_comext` rows (``include="eu27"``, the default); rows of
        aggregate reporters are dropped so nothing counts twice; the code+label variant
        (``2-export``) is read by its label.

    Returns
    -------
    pandas.DataFrame
        ``partner`` (short name), ``period`` (``YYYY-MM``), ``value_eur`` (NaN if no member
        state reported a value), ``reporters`` (member states with a value).
    """
    # the code+label export variant writes "2-export", "TOTAL-Total" (Kazakhstan's folder)
    labels = {c: comext[c].astype(str).str.replace(_CODE, "", regex=True) for c in _LABELLED}
    data = comext.assign(**labels)
    data = data[(data["reporter_kind"] == "eu27_member") & (data["flow"].str.lower() == "export")]
    for col in ("product", "stat_procedure"):
        values = set(data[col])
        if len(values) > 1:
            raise ParameterError(
                f"the Comext rows hold {len(values)} values of {col} ({sorted(values)[:3]}...); "
                "expected one (all goods, all procedures)",
                source="eu_monthly_totals",
                key=col,
            )
    data = data.assign(
        partner=data["partner"].map(lambda p: _COMEXT_NAMES.get(p, short_name(p))),
        period=data["year"].astype(str) + "-" + data["month"].astype(int).map("{:02d}".format),
    )
    out = data.groupby(["partner", "period"], as_index=False).agg(
        value_eur=("value_eur", lambda s: s.sum(min_count=1)),
        reporters=("value_eur", "count"),
    )
    out = out.sort_values(["partner", "period"], ignore_index=True)
    known = out.loc[out["value_eur"].notna(), "period"]
    out.attrs["source"] = _computed(
        "comext_eu_monthly",
        "EU-27 monthly exports of all goods to Russia and its neighbours (sum of member states)",
        "comext",
        known.max() if len(known) else None,
        "eu_monthly_totals",
    )
    return out


def same_months_by_year(monthly, *, base_year: int = 2021, months=None, neighbours=None):
    """Sum the same calendar months of each year per partner, indexed to the base year.

    Parameters
    ----------
    monthly : pandas.DataFrame
        :func:`eu_monthly_totals` output.
    base_year : int
        The year set to 100.
    months : sequence of int, optional
        Calendar months summed; default the months of the last year in the data (2024:
        January-August), so that every year covers the same months.
    neighbours : sequence of str, optional
        Partners also summed as one row ``"neighbours"`` (default: every partner but Russia).

    Returns
    -------
    pandas.DataFrame
        ``partner, year, months, value_eur, index`` (base year = 100); a year lacking one of
        the months is left out, never compared on fewer months.
    """
    import pandas as pd

    df = monthly.assign(
        year=monthly["period"].str[:4].astype(int), month=monthly["period"].str[5:7].astype(int)
    )
    if months is None:
        months = sorted(df.loc[df["year"] == df["year"].max(), "month"].unique())
    months = [int(m) for m in months]
    df = df[df["month"].isin(months)]
    if neighbours is None:
        neighbours = sorted(set(df["partner"]) - {RUSSIA})
    nb = df[df["partner"].isin(neighbours)].groupby(["year", "month"], as_index=False)
    nb = nb["value_eur"].sum(min_count=1).assign(partner="neighbours")
    df = pd.concat([df, nb], ignore_index=True)
    out = df.groupby(["partner", "year"], as_index=False).agg(
        months=("month", "nunique"), value_eur=("value_eur", lambda s: s.sum(min_count=1))
    )
    out = out[out["months"] == len(months)]
    base = out[out["year"] == base_year].set_index("partner")["value_eur"]
    if base.empty:
        raise ParameterError(
            f"base year {base_year} is not in the data with months {months}",
            source="same_months_by_year",
            key="base_year",
        )
    out["index"] = 100 * out["value_eur"] / out["partner"].map(base)
    return out.sort_values(["partner", "year"], ignore_index=True)


def imf_partner_index(imf, *, partners=None, flow: str = "imports", base_year: int = 2021):
    """Russia's trade with each neighbour by year (IMF IMTS), indexed to the base year.

    Parameters
    ----------
    imf : pandas.DataFrame
        :func:`toolkit.sources.read_imf_imts` output.
    partners : dict, optional
        IMF code -> short name (default :data:`IMF_PARTNERS`).
    flow : {"imports", "exports"}
        Russia's imports from the partner (what the partner shipped) or exports to it.
    base_year : int

    Returns
    -------
    pandas.DataFrame
        ``partner, year, value_usd_m, index, estimated_from_partners`` (NaN stays NaN: an
        empty IMF cell, e.g. Kazakhstan 2024, is missing, not zero).
    """
    partners = partners or IMF_PARTNERS
    sub = imf[(imf["flow"] == flow) & imf["partner_id"].isin(list(partners))].copy()
    if sub.empty:
        raise ParameterError(
            f"no {flow} rows for {', '.join(partners)}", source="imf_partner_index", key="flow"
        )
    sub["partner"] = sub["partner_id"].map(partners)
    base = sub[sub["year"] == base_year].set_index("partner")["value_usd_m"]
    sub["index"] = 100 * sub["value_usd_m"] / sub["partner"].map(base)
    cols = ["partner", "year", "value_usd_m", "index", "estimated_from_partners"]
    out = sub[cols].sort_values(["partner", "year"], ignore_index=True)
    known = out.loc[out["value_usd_m"].notna(), "year"]
    out.attrs["source"] = _computed(
        "imf_partner_index",
        f"Russia's {flow} from each neighbour by year (IMF IMTS), {base_year} = 100",
        "imf_imts",
        int(known.max()) if len(known) else None,
        "imf_partner_index",
    )
    return out


def _computed(name, title, source, as_of, how) -> dict:
    """Return the record of a table computed from one declared dataset (toolkit.provenance)."""
    from toolkit.provenance import computed_provenance

    return computed_provenance(
        name,
        title=title,
        derived_from=(source,),
        as_of=None if as_of is None else str(as_of),
        how=f"toolkit.themes.resilience.circumvention_later.{how}",
    )
