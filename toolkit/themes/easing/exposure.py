"""What easing would touch: the 2021 US imports the measures now ban, the SDN entries they designate."""

from __future__ import annotations

from toolkit.sources import get_source
from toolkit.themes.easing.tables import check_choices, read_embedded_csv

__all__ = ["SDN_PROGRAMS", "designations_affected", "import_exposure", "load_import_exposure"]


def load_import_exposure():
    """Return the 2021 US imports from Russia by top category and the measure that now bans each.

    Returns
    -------
    pandas.DataFrame
        ``item, row_kind`` (``total`` or ``category``), ``imports_2021_usd_m``,
        ``banned_by`` (measure id), ``coverage`` (full / partial / not recorded:
        no ban on the category in ``measures``), source columns.
    """
    cols = (
        "item",
        "row_kind",
        "imports_2021_usd_m",
        "banned_by",
        "coverage",
        "publisher",
        "source_url",
        "confidence",
        "fact_id",
        "note",
    )
    df, path = read_embedded_csv("us_imports_2021_banned.csv", cols, keep_default_na=False)
    check_choices(df, path, "coverage", ("full", "partial", "not recorded", ""))
    return df[list(cols)]


def import_exposure(imports_banned, measure_ids):
    """Return the 2021 US imports from Russia in goods that the given measures now ban.

    Parameters
    ----------
    imports_banned : pandas.DataFrame
        The ``us_imports_2021_banned`` dataset.
    measure_ids : list of str

    Returns
    -------
    pandas.DataFrame
        One row per top-10 import category banned by one of the measures:
        ``item, banned_by, coverage, imports_2021_usd_m, share_of_2021_imports_pct``
        (of total 2021 general imports, facts A30; categories from A40, an older
        vintage). Empty when none of the measures bans a listed category.
    """
    table = imports_banned
    total = float(table.loc[table["row_kind"] == "total", "imports_2021_usd_m"].iloc[0])
    cats = table[(table["row_kind"] == "category") & table["banned_by"].isin(list(measure_ids))]
    out = cats[["item", "banned_by", "coverage", "imports_2021_usd_m", "fact_id"]].copy()
    out["share_of_2021_imports_pct"] = (out["imports_2021_usd_m"] / total * 100).round(1)
    out = out.reset_index(drop=True)
    census = get_source("census_country")  # the publisher and file are declared there, once
    out.attrs["source"] = census.provenance(
        title="2021 imports from Russia by end-use category (Feb 2022 vintage, via CNSNews; "
        f"facts A40) over total general imports ({census.files[0]}; facts A30)",
        vintage="CY 2021",
    )
    return out


#: OFAC SDN program tags of the measures that designate persons.
SDN_PROGRAMS = {
    "US-EO13660": "UKRAINE-EO13660",
    "US-EO13661": "UKRAINE-EO13661",
    "US-EO13662": "UKRAINE-EO13662",
    "US-EO13685": "UKRAINE-EO13685",
    "US-EO14024": "RUSSIA-EO14024",
}


def designations_affected(ledger, measure_ids):
    """Return the SDN entries in force under the given measures at the latest ledger snapshot.

    Parameters
    ----------
    ledger : pandas.DataFrame or None
        The ``sdn_ledger_summary`` dataset (or a ledger rebuilt from snapshots); None when
        there is none.
    measure_ids : list of str

    Returns
    -------
    tuple
        ``(table or None, reason)``. The table has ``measure_id, program,
        entry_type, in_force, snapshot_date``; ``reason`` says where the counts
        come from, or why nothing is shown (no ledger, no matching program).
        An entry listed under several programs counts once per program.
    """
    if ledger is None:
        return None, "no SDN ledger given (the sdn_ledger_summary dataset, or one from snapshots)"
    programs = {SDN_PROGRAMS[m]: m for m in measure_ids if m in SDN_PROGRAMS}
    if not programs:
        return None, "none of these measures is an SDN designation program"
    need = {"snapshot_date", "program", "in_force"}
    if not need <= set(ledger.columns):
        return None, f"sdn_ledger_summary lacks column(s) {sorted(need - set(ledger.columns))}"
    latest = ledger["snapshot_date"].max()
    sub = ledger[(ledger["snapshot_date"] == latest) & ledger["program"].isin(programs)].copy()
    if sub.empty:
        return None, f"no SDN entries under {sorted(programs)} at {latest}"
    sub.insert(0, "measure_id", sub["program"].map(programs))
    cols = ["measure_id", "program"] + (["entry_type"] if "entry_type" in sub else [])
    out = sub[cols + ["in_force", "snapshot_date"]].reset_index(drop=True)
    date = getattr(latest, "date", lambda: latest)()
    sdn = get_source("ofac_sdn")
    return out, f"{sdn.publisher}, SDN list as published on {date} (sdn_ledger_summary)"
