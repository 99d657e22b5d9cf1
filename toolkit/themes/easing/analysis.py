"""Easing the sanctions on Russia: who can lift each measure, how long it takes, and precedents."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded

COMMENTARY = "Hung Anh, \"'Resetting' Russia-US relations\", commentary, 2025-03-14"

#: Who can lift a measure, from the least to the most demanding path.
AUTHORITIES = (
    "President alone",
    "President, subject to congressional review",
    "EU Council (unanimity)",
    "G7 coalition (each member)",
    "Congress only",
)
OUTLOOKS = ("likely first", "possible", "will stay")
#: The data cut-off of the notebook and of "ongoing" programs (the commentary's date).
DEFAULT_AS_OF = "2025-03-14"

AUTHORITY_COLUMNS = (
    "measure_id",
    "who_can_lift",
    "how_to_lift",
    "min_wait_days",
    "requires_legislation",
    "statutes_in_way",
    "renewal",
    "basis_fact_ids",
    "confidence",
    "source_url",
    "publisher",
    "note",
)


#: Tables bound by :func:`reuse_loaded` (a widget view's data, loaded once), else None.
_BOUND: ContextVar[dict | None] = ContextVar("toolkit_easing_bound_tables", default=None)


def _load(name: str, **options):
    """Return a registered dataset with its provenance (imported late: keeps the module light).

    Going through the registry, not the loader functions, puts each table's provenance on it
    and records the dataset among those a report run used. Inside :func:`reuse_loaded`, each
    dataset (and options) is loaded once and the same table returned afterwards.
    """
    from toolkit.registry import load

    bound = _BOUND.get()
    if bound is None:
        return load(name, **options)
    key = (name, tuple(sorted(options.items())))
    if key not in bound:
        bound[key] = load(name, **options)
    return bound[key]


@contextmanager
def reuse_loaded(tables: dict):
    """Within the block, every dataset this module loads is loaded once into ``tables``.

    The scenario explorer binds one dict for its lifetime, so a control change
    reads no file (the functions here never modify a loaded table in place).

    Parameters
    ----------
    tables : dict
        Filled with ``(name, options) -> DataFrame``; pass the same dict again to reuse them.
    """
    token = _BOUND.set(tables)
    try:
        yield tables
    finally:
        _BOUND.reset(token)


def _measures():
    """Return the ``measures`` dataset with its provenance."""
    return _load("measures")


def _read_csv(name: str, required, **kwargs):
    import pandas as pd

    path = embedded(name)
    try:
        df = pd.read_csv(path, **kwargs)
    except (OSError, pd.errors.ParserError) as exc:
        raise DataFormatError(path, f"cannot read the embedded table: {exc}") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFormatError(path, f"missing column(s) {missing}", line=1, column=missing[0])
    return df, path


def _check_choices(df, path, column, choices):
    bad = ~df[column].isin(choices)
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"unknown value {df[column].iloc[i]!r}; expected one of {list(choices)}",
            line=i + 2,
            column=column,
        )


def load_authority_map():
    """Return who can lift each measure of ``measures`` and how (one row per ``measure_id``).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`AUTHORITY_COLUMNS`; ``min_wait_days`` is the minimum
        formal waiting time (NaN where new legislation is needed: no fixed minimum).
    """
    df, path = _read_csv(
        "authority_map.csv", AUTHORITY_COLUMNS, dtype={"measure_id": str}, keep_default_na=False
    )
    import pandas as pd

    _check_choices(df, path, "who_can_lift", AUTHORITIES)
    df["min_wait_days"] = pd.to_numeric(df["min_wait_days"].replace("", None)).astype("Float64")
    df["requires_legislation"] = df["requires_legislation"].astype(str).eq("True")
    dup = df["measure_id"].duplicated()
    if dup.any():
        i = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            path,
            f"measure {df['measure_id'].iloc[i]!r} appears twice",
            line=i + 2,
            column="measure_id",
        )
    return df[list(AUTHORITY_COLUMNS)]


def authority_with_measures():
    """Return the authority map joined to the ``measures`` rows (jurisdiction, instrument...)."""
    measures = _measures()
    keep = [
        "measure_id",
        "jurisdiction",
        "instrument",
        "legal_basis_type",
        "category",
        "categories",
    ]
    authority = _load("authority_map")
    out = authority.merge(measures[keep], on="measure_id", how="left", validate="1:1")
    out.attrs["source"] = dict(authority.attrs["source"])
    return out


def check_authority_map(authority=None, measures=None) -> dict[str, list[str]]:
    """Return the measure ids present in only one of ``measures`` and the authority map.

    Returns
    -------
    dict
        ``{"no_authority_row": [...], "not_a_measure": [...]}``; both empty when
        every measure has exactly one authority row and vice versa.
    """
    authority = _load("authority_map") if authority is None else authority
    measures = _measures() if measures is None else measures
    a, m = set(authority["measure_id"]), set(measures["measure_id"])
    return {"no_authority_row": sorted(m - a), "not_a_measure": sorted(a - m)}


def load_easing_outlook():
    """Return the commentary's easing outlook by measure type (likely first / possible / will stay).

    Returns
    -------
    pandas.DataFrame
        ``outlook_id, outlook, item, description`` (paraphrased), ``categories``
        and ``measure_ids`` (;-joined, how the item maps onto ``measures``),
        ``mapping_note, context_fact_ids, claim_source``.
    """
    cols = (
        "outlook_id",
        "outlook",
        "item",
        "description",
        "categories",
        "measure_ids",
        "mapping_note",
        "context_fact_ids",
        "claim_source",
    )
    df, path = _read_csv("easing_outlook.csv", cols, dtype=str, keep_default_na=False)
    _check_choices(df, path, "outlook", OUTLOOKS)
    return df[list(cols)]


def outlook_measures(outlook=None, measures=None):
    """Map each outlook item onto the rows of ``measures`` (by category or explicit id).

    Returns
    -------
    pandas.DataFrame
        ``outlook_id, outlook, item, measure_id, matched_by`` (``id`` or
        ``category``); items with no matching measure keep one row with NaN id.
    """
    import pandas as pd

    outlook = load_easing_outlook() if outlook is None else outlook
    measures = _measures() if measures is None else measures
    cats = measures.set_index("measure_id")["categories"].fillna("").str.split(";")
    rows = []
    for item in outlook.itertuples():
        hits = {}
        for mid in filter(None, item.measure_ids.split(";")):
            hits[mid] = "id"
        wanted = set(filter(None, item.categories.split(";")))
        for mid, its in cats.items():
            if wanted & set(its) and mid not in hits:
                hits[mid] = "category"
        if not hits:
            hits = {None: None}
        for mid, how in hits.items():
            rows.append(
                {
                    "outlook_id": item.outlook_id,
                    "outlook": item.outlook,
                    "item": item.item,
                    "measure_id": mid,
                    "matched_by": how,
                }
            )
    return pd.DataFrame(rows)


def load_us_programs(as_of: str = DEFAULT_AS_OF):
    """Return the historical US sanctions programs with their years in force.

    Parameters
    ----------
    as_of : str
        ISO date that ongoing programs are counted to (the data cut-off).

    Returns
    -------
    pandas.DataFrame
        The embedded columns, with ``start_date`` and ``end_date`` parsed (a
        month- or year-only date is placed on its first day, see
        ``*_precision``; ``end_date`` is NaT when ongoing), plus ``ongoing`` and
        ``years_in_force`` (to ``as_of`` when ongoing).
    """
    import pandas as pd

    cols = (
        "program_id",
        "program",
        "target",
        "kind",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "status",
        "legal_basis_type",
        "legal_basis",
        "ended_by",
        "source_url",
        "publisher",
        "confidence",
        "fact_id",
        "note",
    )
    df, path = _read_csv("us_programs_history.csv", cols, dtype=str, keep_default_na=False)
    _check_choices(df, path, "status", ("ongoing", "ended"))
    cutoff = _as_of(as_of)
    # A month- or year-only date is placed on its first day; *_precision says which.
    df["start_date"] = pd.to_datetime(df["start_date"], format="mixed")
    df["end_date"] = pd.to_datetime(df["end_date"].replace("", None), format="mixed")
    df["ongoing"] = df["status"].eq("ongoing")
    late = df["start_date"] > cutoff
    if late.any():
        raise ParameterError(
            f"as_of {as_of} is before the start of {df['program_id'][late].tolist()}", key="as_of"
        )
    stop = df["end_date"].where(~df["ongoing"], cutoff)
    df["years_in_force"] = ((stop - df["start_date"]).dt.days / 365.25).round(1)
    df.attrs["source"] = {
        "publisher": "per row (White House, OFAC, Federal Register, GPO, CRS, ...)",
        "title": "Historical US sanctions programs (facts D01-D10, B20)",
        "vintage": f"ongoing programs counted to {as_of}",
    }
    return df


def _as_of(as_of: str):
    import pandas as pd

    try:
        return pd.Timestamp(str(as_of))
    except ValueError:
        raise ParameterError(
            f"expected an ISO date such as '2025-03-14', got {as_of!r}", key="as_of"
        ) from None


def load_gsdb_durations():
    """Return the embedded GSDB release-3 duration aggregate (counts by duration and censoring).

    Returns
    -------
    pandas.DataFrame
        ``group_kind, group, duration_years, ongoing, n_cases``; fit with
        :func:`toolkit.themes.easing.durations.fit_group`.
    """
    from toolkit.themes.easing.durations import AGGREGATE_COLUMNS

    df, path = _read_csv("gsdb_durations.csv", AGGREGATE_COLUMNS, comment="#")
    df["ongoing"] = df["ongoing"].astype(str).eq("True")
    return df[list(AGGREGATE_COLUMNS)]


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
    df, path = _read_csv("us_imports_2021_banned.csv", cols, keep_default_na=False)
    _check_choices(df, path, "coverage", ("full", "partial", "not recorded", ""))
    return df[list(cols)]


def load_scenarios():
    """Return the named commentary scenarios, one row per scenario and measure.

    Returns
    -------
    pandas.DataFrame
        ``scenario, title, outlook_ids, measure_id, note``; ``all-us`` in the
        YAML expands to every US row of ``measures``.
    """
    import pandas as pd
    import yaml

    path = embedded("scenarios.yaml")
    with open(path, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    measures = _measures()
    rows = []
    for name, item in spec.items():
        for key in ("title", "measure_ids"):
            if key not in item:
                raise DataFormatError(path, f"scenario {name!r} has no {key!r}", column=key)
        ids = item["measure_ids"]
        if ids == "all-us":
            ids = measures.loc[measures["jurisdiction"] == "US", "measure_id"].tolist()
        for mid in ids:
            rows.append(
                {
                    "scenario": name,
                    "title": item["title"],
                    "outlook_ids": ";".join(item.get("outlook_ids") or []),
                    "measure_id": mid,
                    "note": item.get("note", ""),
                }
            )
    return pd.DataFrame(rows)


def scenario_names() -> list[str]:
    """Return the names of the commentary scenarios."""
    return list(dict.fromkeys(_load("easing_scenarios")["scenario"]))


def resolve_measures(scenario: str = "", measures_to_ease=()) -> list[str]:
    """Return the measure ids of a named scenario plus any ticked explicitly.

    Parameters
    ----------
    scenario : str
        A name of :func:`scenario_names`, or ``""`` for none.
    measures_to_ease : list of str
        Extra measure ids.

    Raises
    ------
    ParameterError
        Unknown scenario (lists the known ones) or unknown measure id.
    """
    ids: list[str] = []
    if scenario:
        table = _load("easing_scenarios")
        if scenario not in set(table["scenario"]):
            raise ParameterError(
                f"unknown scenario {scenario!r}; known scenarios: "
                f"{', '.join(dict.fromkeys(table['scenario']))}",
                key="scenario",
            )
        ids = table.loc[table["scenario"] == scenario, "measure_id"].tolist()
    ids += [m for m in measures_to_ease or () if m not in ids]
    _check_ids(ids, key="measures_to_ease")
    return ids


def _check_ids(ids, *, key="measure_ids", authority=None):
    authority = _load("authority_map") if authority is None else authority
    known = set(authority["measure_id"])
    unknown = [m for m in ids if m not in known]
    if unknown:
        raise ParameterError(
            f"unknown measure id(s) {unknown}; known measure ids: {', '.join(sorted(known))}",
            source="toolkit.themes.easing.analysis",
            key=key,
        )
    return authority


@dataclass
class LiftPath:
    """What lifting a set of measures takes.

    Attributes
    ----------
    measure_ids : list of str
    table : pandas.DataFrame
        One authority row per measure.
    actors : list of str
        Who must act, from :data:`AUTHORITIES`, plus Congress when a statute
        stands in the way of an executive action.
    min_wait_days : int
        Minimum formal waiting time before the last action can take effect
        (the actions can run in parallel, so the longest fixed wait).
    requires_legislation : bool
        True when some measure can only go by new legislation (no fixed minimum time).
    statutes_in_way : list of str
    renewals : list of str
        Renewal cycles that give a member state a veto (EU).
    """

    measure_ids: list[str]
    table: object
    actors: list[str] = field(default_factory=list)
    min_wait_days: int = 0
    requires_legislation: bool = False
    statutes_in_way: list[str] = field(default_factory=list)
    renewals: list[str] = field(default_factory=list)

    def summary(self):
        """Return the lift path as a two-column table (``item``, ``value``)."""
        import pandas as pd

        wait = f"{self.min_wait_days} days"
        if self.requires_legislation:
            wait += " + new legislation (no fixed minimum)"
        rows = [
            ("measures", ", ".join(self.measure_ids) or "none"),
            ("who must act", "; ".join(self.actors) or "nobody"),
            ("minimum formal time", wait),
            ("statutes in the way", "; ".join(self.statutes_in_way) or "none"),
            ("renewal vetoes", "; ".join(self.renewals) or "none"),
        ]
        return pd.DataFrame(rows, columns=["item", "value"])


def lift_path(measure_ids) -> LiftPath:
    """Return who must act, the minimum formal time and the statutes in the way to lift measures.

    Parameters
    ----------
    measure_ids : list of str
        Ids of ``measures`` (e.g. ``["US-EO13662", "EU-PKG06"]``).

    Returns
    -------
    LiftPath

    Raises
    ------
    ParameterError
        An unknown measure id (the message lists the known ones).

    Examples
    --------
    >>> lift_path(["US-EO13662"]).min_wait_days
    30
    """
    if isinstance(measure_ids, str):
        measure_ids = [measure_ids]
    ids = list(dict.fromkeys(measure_ids))
    authority = _check_ids(ids)
    table = authority.set_index("measure_id").loc[ids].reset_index()
    order = {a: i for i, a in enumerate(AUTHORITIES)}
    actors = sorted(set(table["who_can_lift"]), key=order.get)
    statutes = []
    for text in table["statutes_in_way"]:
        for part in filter(None, (p.strip() for p in str(text).split(";"))):
            if part not in statutes:
                statutes.append(part)
    legislation = bool(table["requires_legislation"].any())
    if legislation and "Congress only" not in actors:
        actors.append("Congress (to amend the statutes in the way)")
    waits = table["min_wait_days"].dropna()
    renewals = sorted({r for r in table["renewal"] if r})
    return LiftPath(
        measure_ids=ids,
        table=table,
        actors=actors,
        min_wait_days=int(waits.max()) if len(waits) else 0,
        requires_legislation=legislation,
        statutes_in_way=statutes,
        renewals=renewals,
    )


#: Which historical programs are analogues of each lifting authority: executive-only
#: programs for the President's own measures, statute-based ones for Congress's.
ANALOGUE_BASES = {
    "President alone": ("executive order (IEEPA)", "TWEA (Trading with the Enemy Act)"),
    "President, subject to congressional review": ("mixed (IEEPA orders and statutes)",),
    "Congress only": ("statute",),
    "Congress (to amend the statutes in the way)": ("statute",),
}


def analogues(path: LiftPath, as_of: str = DEFAULT_AS_OF):
    """Return the historical US programs whose legal basis matches the lift path's actors.

    Returns
    -------
    pandas.DataFrame
        ``actor, program, legal_basis_type, status, ended_by, years_in_force, fact_id``.
    """
    import pandas as pd

    programs = _load("us_programs_history", as_of=as_of)
    parts = []
    for actor in path.actors:
        bases = ANALOGUE_BASES.get(actor)
        if not bases:
            continue
        sub = programs[programs["legal_basis_type"].isin(bases)].copy()
        sub.insert(0, "actor", actor)
        parts.append(sub)
    cols = [
        "actor",
        "program",
        "legal_basis_type",
        "status",
        "ended_by",
        "years_in_force",
        "fact_id",
    ]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def import_exposure(measure_ids):
    """Return the 2021 US imports from Russia in goods that the given measures now ban.

    Parameters
    ----------
    measure_ids : list of str

    Returns
    -------
    pandas.DataFrame
        One row per top-10 import category banned by one of the measures:
        ``item, banned_by, coverage, imports_2021_usd_m, share_of_2021_imports_pct``
        (of total 2021 general imports, facts A30; categories from A40, an older
        vintage). Empty when none of the measures bans a listed category.
    """
    table = _load("us_imports_2021_banned")
    total = float(table.loc[table["row_kind"] == "total", "imports_2021_usd_m"].iloc[0])
    cats = table[(table["row_kind"] == "category") & table["banned_by"].isin(list(measure_ids))]
    out = cats[["item", "banned_by", "coverage", "imports_2021_usd_m", "fact_id"]].copy()
    out["share_of_2021_imports_pct"] = (out["imports_2021_usd_m"] / total * 100).round(1)
    out.attrs["source"] = (
        "Source: US Census Bureau, 2021 imports from Russia by end-use category (Feb 2022 "
        "vintage, via CNSNews; facts A40) and total general imports (country.xlsx; A30)"
    )
    return out.reset_index(drop=True)


#: OFAC SDN program tags of the measures that designate persons.
SDN_PROGRAMS = {
    "US-EO13660": "UKRAINE-EO13660",
    "US-EO13661": "UKRAINE-EO13661",
    "US-EO13662": "UKRAINE-EO13662",
    "US-EO13685": "UKRAINE-EO13685",
    "US-EO14024": "RUSSIA-EO14024",
}


def designations_affected(measure_ids):
    """Return the SDN entries in force under the given measures at the latest ledger snapshot.

    Parameters
    ----------
    measure_ids : list of str

    Returns
    -------
    tuple
        ``(table or None, reason)``. The table has ``measure_id, program,
        entry_type, in_force, snapshot_date``; ``reason`` says where the counts
        come from, or why nothing is shown (no ledger dataset, no matching program).
        An entry listed under several programs counts once per program.
    """
    from toolkit.registry import dataset_names

    if "sdn_ledger_summary" not in dataset_names():
        return None, "no SDN ledger summary dataset is registered in this toolkit"
    programs = {SDN_PROGRAMS[m]: m for m in measure_ids if m in SDN_PROGRAMS}
    if not programs:
        return None, "none of these measures is an SDN designation program"
    ledger = _load("sdn_ledger_summary")
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
    return out, f"OFAC SDN list as published on {date} (sdn_ledger_summary)"
