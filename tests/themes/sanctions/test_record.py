"""The 2025-26 record: designation counts, Urals points, list size to 2026 and the findings' numbers.

Each finding number of notebook 01 comes from :func:`sanctions_numbers`; here every one is
recomputed a second way, from the CSV files read with the csv module (and the partial OFAC
sets counted with the csv module), and compared.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date

import pandas as pd
import pytest

import toolkit
from toolkit.errors import DataFormatError
from toolkit.paths import PROJECT_DIR, embedded
from toolkit.themes.sanctions.record import (
    PARTIAL_BASIS,
    SNAPSHOT_BASIS,
    crude_caps_at,
    list_size_series,
    load_designation_counts,
    load_oil_prices,
    sanctions_numbers,
)


def _rows(name):
    with open(embedded(name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _distinct_entries(folder):
    """Distinct ent_num over the companion files present, and those with an address in Russia."""
    ents, russia = set(), set()
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        path = folder / name
        if not path.exists():
            continue
        with open(path, newline="", encoding="cp1252") as f:
            for row in csv.reader(f):
                if row and row[0].strip().isdigit():
                    ents.add(int(row[0]))
                    if name == "add.csv" and len(row) > 4 and row[4].strip() == "Russia":
                        russia.add(int(row[0]))
    return len(ents), len(russia)


@pytest.fixture(scope="module")
def data():
    ledger = toolkit.load("sdn_ledger_summary")
    counts, caps, prices = load_designation_counts(), toolkit.load("price_caps"), load_oil_prices()
    return ledger, counts, caps, prices


@pytest.fixture(scope="module")
def partial_sizes(request):
    from toolkit.paths import shared_data_dir
    from toolkit.sources.ofac_partial_sets import list_sizes

    shared = shared_data_dir()
    if shared is None or not (shared / "ofac-partial-sets").is_dir():
        pytest.skip("../shared/data/ofac-partial-sets is absent")
    return list_sizes(toolkit.load("ofac_partial_sets", path=shared / "ofac-partial-sets"))


def test_counts_pinned_to_cnas_and_castellum_rows():
    got = {
        (r["period"], r["counter"], r["scope"]): int(r["count"])
        for r in _rows("us_designation_counts.csv")
    }
    assert got == {
        ("2017-2021", "CNAS", "all programs"): 815,  # E62 (2023 edition)
        ("2022", "CNAS", "all programs"): 2275,  # E62
        ("2023", "CNAS", "all programs"): 2502,  # E62 (2024 edition; the 2023 edition: 2,500)
        ("2024", "CNAS", "all programs"): 3135,  # E62
        ("2024", "CNAS", "Russian"): 1706,  # E62
        ("2024", "Castellum.AI", "all programs"): 3165,  # E63
        ("2025", "Castellum.AI", "all programs"): 2223,  # E63
    }
    df = load_designation_counts()
    assert df["count"].dtype == "int64" and set(df["fact_id"]) == {"E62", "E63"}


def test_urals_points_pinned_to_e87_e88():
    df = load_oil_prices()
    got = [(f"{r.period_start:%Y-%m}", r.usd_per_bbl, r.fact_id) for r in df.itertuples()]
    assert got == [("2025-01", 57.65, "E87"), ("2025-12", 39.0, "E88"), ("2026-01", 40.0, "E88")]
    assert set(df["confidence"]) == {"medium"}


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("count", "many", "not a non-negative number"),
        ("confidence", "low", "low rows stay out"),
        ("fact_id", "", "every row cites its source"),
    ],
)
def test_bad_count_row_names_line_and_column(tmp_path, column, value, message):
    frame = pd.read_csv(embedded("us_designation_counts.csv"), dtype=str, keep_default_na=False)
    frame.loc[2, column] = value  # the third data row: line 4
    path = tmp_path / "counts.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataFormatError, match=message) as err:
        load_designation_counts(path=path)
    assert err.value.line == 4 and err.value.column == column


def test_bad_price_date_and_missing_column(tmp_path):
    frame = pd.read_csv(embedded("oil_market_prices.csv"), dtype=str, keep_default_na=False)
    path = tmp_path / "prices.csv"
    frame.assign(period_end=["2025-12-31", "2025-12-32", "2026-01-31"]).to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="not an ISO date") as err:
        load_oil_prices(path=path)
    assert (err.value.line, err.value.column) == (3, "period_end")
    frame.drop(columns=["publisher"]).to_csv(path, index=False)
    with pytest.raises(DataFormatError, match="missing column"):
        load_oil_prices(path=path)


def test_partial_set_sizes_are_the_files_counted_another_way(partial_sizes):
    from toolkit.paths import shared_data_dir

    root = shared_data_dir() / "ofac-partial-sets"
    for row in partial_sizes.itertuples():
        n, _ = _distinct_entries(root / f"{row.list_date:%Y-%m-%d}")
        assert row.entries == n
    # facts.md E65 (and PROVENANCE.md)
    got = dict(
        zip(
            partial_sizes["list_date"].dt.strftime("%Y-%m-%d"),
            partial_sizes["entries"],
            strict=True,
        )
    )
    assert got == {"2025-01-06": 16_989, "2025-12-24": 18_494, "2026-06-02": 19_014}


def test_russia_address_proxy_is_e66(partial_sizes):
    from toolkit.paths import shared_data_dir

    root = shared_data_dir() / "ofac-partial-sets"
    got = {d: _distinct_entries(root / d)[1] for d in ("2025-01-06", "2025-12-24", "2026-06-02")}
    assert got == {"2025-01-06": 4_902, "2025-12-24": 5_231, "2026-06-02": 5_218}


def test_list_size_series_joins_snapshots_then_partial_sets(data, partial_sizes):
    ledger = data[0]
    sizes = list_size_series(ledger, partial_sizes)
    assert sizes["date"].is_monotonic_increasing
    full = sizes[sizes["basis"] == SNAPSHOT_BASIS]
    part = sizes[sizes["basis"] == PARTIAL_BASIS]
    assert full["date"].max() == pd.Timestamp("2024-05-03") and full["entries"].iloc[-1] == 14_965
    assert part["entries"].tolist() == [16_989, 18_494, 19_014]
    # a partial set no later than the last snapshot is dropped (the snapshot knows programs)
    early = partial_sizes.assign(list_date=pd.Timestamp("2024-01-01"))
    assert (list_size_series(ledger, early)["basis"] == SNAPSHOT_BASIS).all()


def _independent_numbers():
    """Every finding number, recomputed from the CSV files with the csv module."""
    ledger = _rows("sdn_ledger_summary.csv")
    every = {}
    ru = {}
    for r in ledger:
        if r["program"] == "ALL":
            every[r["snapshot_date"]] = every.get(r["snapshot_date"], 0) + int(r["in_force"])
        if r["program"] == "RUSSIA-EO14024":
            ru[r["snapshot_date"]] = ru.get(r["snapshot_date"], 0) + int(r["in_force"])
    before = max(d for d in ru if d < "2022-02-24")
    after = min(d for d in ru if d >= "2022-02-24")
    counts = _rows("us_designation_counts.csv")
    cnas = {int(r["period"]): int(r["count"]) for r in counts
            if r["counter"] == "CNAS" and r["scope"] == "all programs" and r["statistic"] == "year total"}  # fmt: skip
    cast = {int(r["period"]): int(r["count"]) for r in counts if r["counter"] == "Castellum.AI"}
    caps = _rows("price_caps.csv")
    crude = [r for r in caps if r["product"] == "crude"]

    def cap_on(jur, day):
        (row,) = [r for r in crude if r["jurisdiction"] == jur and r["start_date"] <= day
                  and (not r["end_date"] or r["end_date"] >= day)]  # fmt: skip
        return float(row["cap_usd_per_bbl"])

    latest = max(r["start_date"] for r in crude)
    eu_dynamic = sorted((r["start_date"], float(r["cap_usd_per_bbl"])) for r in crude
                        if r["jurisdiction"] == "EU" and r["rule"].startswith("dynamic"))  # fmt: skip
    monthly = sorted(
        r["period_start"]
        for r in _rows("oil_market_prices.csv")
        if r["statistic"].startswith("monthly")
    )
    last_month = [r for r in _rows("oil_market_prices.csv") if r["period_start"] == monthly[-1]][0]
    mid = date.fromisoformat(monthly[-1]).replace(day=15).isoformat()
    return {
        "all_first": (min(every), every[min(every)]),
        "all_snap": (max(every), every[max(every)]),
        "russia": (before, ru[before], after, ru[after], max(ru), ru[max(ru)]),
        "cnas": (min(cnas), cnas[min(cnas)], max(cnas, key=cnas.get), max(cnas.values())),
        "cast": (
            max(cast),
            cast[max(cast)],
            round(100 * (cast[max(cast)] / cast[max(cast) - 1] - 1)),
        ),
        "caps": (cap_on("US", latest), cap_on("EU", latest), eu_dynamic[0]),
        "urals": (float(last_month["usd_per_bbl"]), cap_on("EU", mid), cap_on("US", mid)),
    }


def test_finding_numbers_recomputed_from_the_files(data):
    ledger, counts, caps, prices = data
    got = sanctions_numbers(ledger, list_size_series(ledger), counts, caps, prices)
    want = _independent_numbers()
    s, r, c, k, u = got["size"], got["russia"], got["counts"], got["caps"], got["urals"]
    assert (s["first_date"], s["first"]) == want["all_first"] == ("2021-08-18", 9_083)
    assert (s["snap_date"], s["snap"]) == want["all_snap"] == ("2024-05-03", 14_965)
    assert (
        r["before_date"],
        r["before"],
        r["after_date"],
        r["after"],
        r["last_date"],
        r["last"],
    ) == want["russia"]
    assert (r["before"], r["after"], r["factor"]) == (69, 700, round(4_439 / 69))
    assert (c["cnas_first_year"], c["cnas_first"], c["cnas_peak_year"], c["cnas_peak"]) == want[
        "cnas"
    ]
    assert (
        (c["cast_last_year"], c["cast_last"], c["cast_change_pct"])
        == want["cast"]
        == (2025, 2223, -30)
    )
    assert c["avg_2017_2021"] == 815
    assert (k["us"], k["eu"], (k["eu_first_date"], k["eu_first"])) == want["caps"]
    assert (k["us"], k["eu"], k["eu_first"]) == (60, 44.1, 47.6)  # E33, E28, E27
    assert (
        (u["price"], u["eu_cap"], u["us_cap"]) == want["urals"] == (40, 47.6, 60)
    )  # E88 in January


def test_finding_numbers_with_the_partial_sets(data, partial_sizes):
    ledger, counts, caps, prices = data
    got = sanctions_numbers(ledger, list_size_series(ledger, partial_sizes), counts, caps, prices)
    assert (got["size"]["last_date"], got["size"]["last"]) == ("2026-06-02", 19_014)  # E65
    assert got["size"]["growth_pct"] == round(100 * (19_014 / 9_083 - 1))


def test_crude_caps_at_a_day():
    caps = toolkit.load("price_caps")
    assert crude_caps_at(caps, "2024-01-01").to_dict() == {"G7+EU+Australia": 60}
    assert crude_caps_at(caps, "2025-10-01").to_dict() == {"EU": 47.6, "US": 60, "UK": 47.6}
    assert crude_caps_at(caps, "2026-08-01").to_dict() == {"US": 60, "EU": 44.1, "UK": 44.1}


def test_notebook_findings_use_the_computed_numbers(data):
    """Every finding of notebook 01 takes its numbers from sanctions_numbers, none typed."""
    ledger, counts, caps, prices = data
    computed = sanctions_numbers(ledger, list_size_series(ledger), counts, caps, prices)
    nb = json.loads(
        (PROJECT_DIR / "notebooks" / "01-sanctions-regime.ipynb").read_text(encoding="utf-8")
    )
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "numbers = sanctions_numbers(" in code
    # each call's arguments: from "finding(" to its closing ")" alone on a line
    calls = re.findall(r"^finding\((.*?)^\);?$", code, flags=re.S | re.M)
    assert 3 <= len(calls) <= 5
    for call in calls:
        (arg,) = re.findall(r"numbers=(\w+),", call)
        section = re.search(rf"^{arg} = numbers\[\"(\w+)\"\]", code, flags=re.M)
        assert section, f"finding numbers {arg} do not come from sanctions_numbers"
        template = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', call.split("numbers=")[0]))
        fields = set(re.findall(r"\{(\w+)", template))
        assert fields and fields <= set(computed[section.group(1)]), (fields, section.group(1))
