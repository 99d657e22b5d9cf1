"""The DuckDB large-data path against the pandas readers: real files in ../shared/data and small generated ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources import bulk, read_census_country, read_comext

pytest.importorskip("duckdb")

HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
COMEXT = "eurostat-comext-exports/russia_export_eurostat"


def _row(reporter, value, period="Aug. 2024", partner="Kyrgyzstan", product="Total", flow="EXPORT"):
    return f'"{reporter}","{partner}","{product}","{flow}","Total","{period}",{value}\n'


def _write(folder, name, rows, header=HEADER):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path):
    """Two monthly files: members, the EU-27 aggregate (equal to their sum), the UK, a ':'."""
    folder = tmp_path / "comext"
    _write(
        folder,
        "a.csv",
        [
            _row("Germany", 100),
            _row("France", 250),
            _row("Italy", ":"),
            _row("European Union - 27 countries (AT, BE, BG, CY, CZ, DE, DK)", 350),
            _row("Germany", 7, product="870323 - Motor cars", flow="IMPORT"),
        ],
    )
    _write(
        folder,
        "b.csv",
        [
            _row("Germany", 120, period="Sep. 2024"),
            _row("Poland", "1 000", period="Sep. 2024"),
            _row("United Kingdom", 40, period="Jan. 2020"),
            _row("Euro area - 20 countries (from 2023)", 120, period="Sep. 2024"),
        ],
    )
    return folder


def _pandas_sum(df, by):
    return (
        df.groupby(by, as_index=False)
        .agg(value_eur=("value_eur", lambda s: s.sum(min_count=1)), rows=("value_eur", "size"))
        .sort_values(by, ignore_index=True)
    )


def _same(duck, pand, by):
    duck = duck.sort_values(by, ignore_index=True)
    assert list(duck[by].astype(str).itertuples(index=False)) == list(
        pand[by].astype(str).itertuples(index=False)
    )
    np.testing.assert_allclose(
        duck.iloc[:, len(by)].to_numpy(float), pand.iloc[:, len(by)].to_numpy(float), rtol=1e-12
    )
    assert duck["rows"].tolist() == pand["rows"].tolist()


@pytest.mark.parametrize("include", ["eu27", "members", "aggregates", "all"])
def test_small_comext_matches_the_pandas_reader(small, include):
    rel = bulk.comext_relation(small, include=include, con=bulk.connect())
    pand = read_comext(small, include=include)
    duck = rel.df().sort_values(
        ["partner", "year", "month", "reporter", "product"], ignore_index=True
    )
    pand = pand.sort_values(["partner", "year", "month", "reporter", "product"], ignore_index=True)
    for col in ("reporter", "reporter_iso2", "reporter_kind", "product", "flow", "file"):
        assert duck[col].fillna("").tolist() == pand[col].fillna("").tolist(), col
    assert duck["year"].tolist() == pand["year"].tolist()
    assert duck["month"].tolist() == pand["month"].tolist()
    np.testing.assert_array_equal(
        duck["value_eur"].to_numpy(float), pand["value_eur"].to_numpy(float)
    )
    for by in (["partner", "year", "flow"], ["product", "year"], ["reporter"]):
        _same(bulk.aggregate(rel, by), _pandas_sum(pand, by), by)


def test_aggregate_values_and_filter(small):
    rel = bulk.comext_relation(small, con=bulk.connect())
    out = bulk.aggregate(rel, ["year", "month", "flow"], where="flow = 'export'")
    assert out[["year", "month", "value_eur", "rows"]].values.tolist() == [
        [2024, 8, 350.0, 3],  # Italy's ':' is missing, not zero
        [2024, 9, 1120.0, 2],
    ]
    with pytest.raises(ParameterError, match="no column.s. region; the relation has reporter"):
        bulk.aggregate(rel, ["region"])
    with pytest.raises(ParameterError) as info:
        bulk.aggregate(rel, "year", value="euros")
    assert info.value.key == "value"


def test_aggregate_many_equals_separate_aggregations(small):
    rel = bulk.comext_relation(small, include="all", con=bulk.connect())
    groupings = [["partner", "year", "flow"], ["product", "year"], "reporter_kind"]
    many = bulk.aggregate_many(rel, groupings, where="year >= 2020")
    assert len(many) == 3
    for frame, by in zip(many, groupings, strict=True):
        pd.testing.assert_frame_equal(frame, bulk.aggregate(rel, by, where="year >= 2020"))
    with pytest.raises(ParameterError) as info:
        bulk.aggregate_many(rel, [["year"], ["region"]])
    assert info.value.key == "by" and "region" in str(info.value)


def test_parquet_round_trip_is_identical(small, tmp_path):
    con = bulk.connect()
    rel = bulk.comext_relation(small, include="all", con=con)
    path = bulk.to_parquet(rel, tmp_path / "out" / "comext.parquet")
    assert path.exists() and not list(path.parent.glob(".*.tmp"))
    again = bulk.comext_relation(path, include="all", con=con)
    by = ["reporter", "year", "month", "product"]
    pd.testing.assert_frame_equal(
        rel.df().sort_values(by, ignore_index=True), again.df().sort_values(by, ignore_index=True)
    )
    members = bulk.comext_relation(path, con=con)  # include="eu27" applies to Parquet too
    assert set(members.df()["reporter_kind"]) == {"eu27_member"}


@pytest.mark.parametrize(
    ("rows", "line", "column", "words"),
    [
        (
            [_row("Germany", 1), _row("France", 2, period="2024-08")],
            3,
            "PERIOD",
            "'2024-08' is not a month",
        ),
        ([_row("Atlantis", 1)], 2, "REPORTER", "unknown reporter 'Atlantis'"),
        ([_row("Germany", 1, period="Augx 2024")], 2, "PERIOD", "'Augx 2024' is not a month"),
        ([_row("Germany", 1, period="Aug. 20245")], 2, "PERIOD", "'Aug. 20245' is not a month"),
        (
            [_row("Germany", 1), _row("Spain", "twelve")],
            3,
            "VALUE_IN_EUR",
            "'twelve' is not a number",
        ),
    ],
)
def test_bad_rows_name_file_line_and_column(tmp_path, rows, line, column, words):
    path = _write(tmp_path / "bad", "x.csv", rows)
    with pytest.raises(DataFormatError) as info:
        bulk.comext_relation(path, con=bulk.connect())
    error = info.value
    assert error.path == str(path) and error.line == line and error.column == column
    assert words in str(error)
    with pytest.raises(DataFormatError) as pand:  # the pandas reader agrees on where
        read_comext(path.parent)
    assert (pand.value.line, pand.value.column) == (line, column)


def test_missing_column_and_missing_source(tmp_path):
    path = _write(
        tmp_path / "c",
        "x.csv",
        ['"Germany","Kyrgyzstan","Total"\n'],
        header="REPORTER,PARTNER,PRODUCT\n",
    )
    with pytest.raises(DataFormatError, match="missing column.s. FLOW") as info:
        bulk.comext_relation(path)
    assert info.value.line == 1
    with pytest.raises(DataFormatError, match="no such file"):
        bulk.comext_relation(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataFormatError, match="no \\*.csv files"):
        bulk.comext_relation(tmp_path / "empty")
    with pytest.raises(ParameterError, match="include='everything'"):
        bulk.comext_relation(path, include="everything")


def test_duplicate_row_and_eu27_total_are_checked(tmp_path):
    dup = tmp_path / "dup"
    _write(dup, "a.csv", [_row("Germany", 1)])
    _write(dup, "b.csv", [_row("Germany", 2)])
    with pytest.raises(DataFormatError, match="appears more than once .files a.csv, b.csv."):
        bulk.comext_relation(dup, con=bulk.connect())
    off = tmp_path / "off"
    _write(
        off,
        "a.csv",
        [_row("Germany", 100), _row("European Union - 27 countries (from 2020)", 5000)],
    )
    with pytest.raises(
        DataFormatError, match="EU-27 total 5,000 EUR differs .* 100 EUR for 2024-08"
    ):
        bulk.comext_relation(off, con=bulk.connect())
    assert len(bulk.comext_relation(off, check_total=False, con=bulk.connect()).df()) == 1


# --- real files ----------------------------------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", [COMEXT, "eurostat-comext-exports/kyrgyz_export_eurostat"])
def test_real_comext_aggregates_equal_the_pandas_reader(shared_file, folder):
    path = shared_file(folder)
    pand = read_comext(path, include="all")
    rel = bulk.comext_relation(path, include="all", con=bulk.connect())
    assert rel.aggregate("count(*)").fetchall()[0][0] == len(pand) > 1900
    for by in (
        ["partner", "year", "flow"],
        ["reporter_kind", "year"],
        ["product", "year", "month"],
    ):
        _same(bulk.aggregate(rel, by), _pandas_sum(pand, by), by)
    eu27 = bulk.aggregate(bulk.comext_relation(path, con=bulk.connect()), ["year"])
    _same(eu27, _pandas_sum(read_comext(path), ["year"]), ["year"])


@pytest.mark.shared_data
def test_real_census_aggregates_equal_the_pandas_reader(shared_file, tmp_path):
    path = shared_file("census-country-trade/country.xlsx")
    con = bulk.connect()
    rel = bulk.census_relation(path, con=con)
    parquet = bulk.census_relation(bulk.to_parquet(rel, tmp_path / "census.parquet"), con=con)
    pand = read_census_country(path)
    expected = (
        pand.groupby(["cty_code", "year", "flow"], as_index=False)
        .agg(
            value_usd_m=("value_usd_m", lambda s: s.sum(min_count=1)), rows=("value_usd_m", "size")
        )
        .sort_values(["cty_code", "year", "flow"], ignore_index=True)
    )
    for relation in (rel, parquet):
        _same(
            bulk.aggregate(relation, ["cty_code", "year", "flow"]),
            expected,
            ["cty_code", "year", "flow"],
        )
    russia = bulk.aggregate(parquet, ["year", "flow"], where="cty_code = '4621'")
    assert set(russia["year"]) >= {2021, 2022}


@pytest.mark.shared_data
def test_real_sdn_snapshots_in_force_equal_the_ledger(shared_file, tmp_path):
    from toolkit.themes.sanctions.ledger import designation_ledger

    folder = shared_file("ofac-sdn-snapshots")
    ledger = designation_ledger(folder)
    ledger = ledger[ledger["in_force"] > 0]  # the ledger also lists groups that only lost entries
    files = bulk.sdn_to_parquet(folder, tmp_path / "sdn")
    assert len(files) == ledger["snapshot_date"].nunique() >= 10
    con = bulk.connect()
    for rel in (bulk.sdn_relation(folder, con=con), bulk.sdn_relation(tmp_path / "sdn", con=con)):
        duck = bulk.sdn_in_force(rel)
        duck["snapshot_date"] = pd.to_datetime(duck["snapshot_date"])
        merged = ledger.merge(
            duck, on=["snapshot_date", "program", "entry_type"], how="outer", suffixes=("", "_duck")
        )
        assert merged["in_force"].notna().all() and merged["in_force_duck"].notna().all()
        assert (merged["in_force"] == merged["in_force_duck"]).all()
    counts = bulk.aggregate(rel, ["snapshot_date"], where="program = 'RUSSIA-EO14024'")
    by_date = dict(zip(counts["snapshot_date"].astype(str), counts["entries"], strict=True))
    assert by_date["2022-02-23"] == 69 and by_date["2024-05-03"] == 4439  # PROVENANCE.md counts
