"""Comext reader: the real monthly exports (no double counting, every month once) and malformed input."""

from __future__ import annotations

import pandas as pd
import pytest

from toolkit.errors import DataFormatError, ParameterError
from toolkit.sources.comext import SOURCE, check_eu27_total, parse_period, read_comext

RUSSIA, KYRGYZ = SOURCE.shared  # eurostat-comext-exports/{russia,kyrgyz}_export_eurostat
HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR\n"
MONTHS = pd.date_range("2019-01-01", "2024-08-01", freq="MS")


def _row(reporter, period="Aug. 2024", value="100", partner="Kyrgyzstan"):
    return f'"{reporter}","{partner}","Total","EXPORT","Total","{period}",{value}\n'


def _folder(tmp_path, files: dict[str, str]):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aug. 2024", (2024, 8)),
        ("May. 2019", (2019, 5)),  # the data browser writes a dot even after "May"
        ("Sep. 2023", (2023, 9)),  # the spelling in the real files
        ("Sept. 2023", (2023, 9)),  # another common abbreviation
        ("May 2020", (2020, 5)),  # no dot
        ("september 2021", (2021, 9)),  # full name, lower case
        ("Foo 2024", None),  # not a month
        ("Aug. 24", None),  # two-digit year
        ("2024-08", None),  # ISO is not the Comext format
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("relative", [RUSSIA, KYRGYZ])
def test_every_month_present_once_per_partner(shared_file, relative):
    folder = shared_file(relative)
    df = read_comext(folder, include="all")
    assert df["partner"].nunique() == 1
    eu27 = df[df["reporter"].str.startswith("European Union - 27 countries")]
    assert list(eu27["month_date"]) == list(MONTHS)  # 68 months, each once, in order
    per_month = df.groupby("month_date")["file"].nunique()
    assert (per_month == 1).all() and len(per_month) == 68
    assert df["file"].nunique() == 68


def test_eu27_equals_sum_of_members_for_a_month(shared_file):
    df = read_comext(shared_file(RUSSIA), include="all")
    aug = df[df["month_date"] == "2024-08-01"]
    eu27 = aug[aug["reporter"].str.startswith("European Union - 27")]["value_eur"].item()
    members = aug[aug["reporter_kind"] == "eu27_member"]["value_eur"].sum()
    assert eu27 == 2_475_313_207
    assert members == pytest.approx(eu27, abs=1000)
    checked = check_eu27_total(df)
    assert len(checked) == 68 and checked["difference_eur"].abs().max() <= 1000


def test_default_returns_member_states_only(shared_file):
    df = read_comext(shared_file(RUSSIA))
    assert set(df["reporter_kind"]) == {"eu27_member"}
    assert df["reporter_iso2"].nunique() == 27
    assert not df["reporter"].str.startswith(("European Union", "Euro area")).any()
    annual = df.groupby("year")["value_eur"].sum() / 1e6
    assert annual[2021] == pytest.approx(89_169.305, abs=0.01)
    assert annual[2022] == pytest.approx(55_008.109, abs=0.01)
    # facts.md C13 note: EU exports to Russia fell by about EUR 34 bn (-38%) in 2022
    assert round(100 * (annual[2022] / annual[2021] - 1)) == -38


def test_kyrgyzstan_rise_matches_published_change(shared_file):
    annual = read_comext(shared_file(KYRGYZ)).groupby("year")["value_eur"].sum() / 1e6
    assert annual[2021] == pytest.approx(263.239, abs=0.001)
    # facts.md C13: +345% (+EUR 0.909 bn) from 2021 to 2022
    assert round(100 * (annual[2022] / annual[2021] - 1)) == 345
    assert annual[2022] - annual[2021] == pytest.approx(908, abs=1)


def test_former_member_only_on_request(shared_file):
    df = read_comext(shared_file(RUSSIA), include="members")
    uk = df[df["reporter_kind"] == "former_member"]
    assert set(uk["reporter"]) == {"United Kingdom"}
    assert uk["month_date"].max() == pd.Timestamp("2020-01-01") and len(uk) == 13
    aggregates = read_comext(shared_file(RUSSIA), include="aggregates")
    assert set(aggregates["reporter_kind"]) == {"aggregate"} and len(aggregates) == 4 * 68


def test_unknown_include_is_a_parameter_error(tmp_path):
    with pytest.raises(ParameterError, match="include"):
        read_comext(tmp_path, include="everything")


def test_empty_folder(tmp_path):
    with pytest.raises(DataFormatError, match=r"no \*\.csv files") as err:
        read_comext(tmp_path)
    assert err.value.path == str(tmp_path)


def test_missing_folder(tmp_path):
    with pytest.raises(DataFormatError, match="not a folder"):
        read_comext(tmp_path / "nope")


def test_missing_column(tmp_path):
    header = HEADER.replace(",VALUE_IN_EUR", "")
    text = header + '"Austria","Kyrgyzstan","Total","EXPORT","Total","Aug. 2024"\n'
    folder = _folder(tmp_path, {"a.csv": text})
    with pytest.raises(DataFormatError, match="missing column") as err:
        read_comext(folder)
    assert err.value.column == "VALUE_IN_EUR" and err.value.line == 1
    assert err.value.path.endswith("a.csv")


def test_bad_period(tmp_path):
    text = HEADER + _row("Austria") + _row("Germany (incl. GDR)", period="Foo 2024")
    folder = _folder(tmp_path, {"a.csv": text})
    with pytest.raises(DataFormatError, match="'Foo 2024'") as err:
        read_comext(folder)
    assert (err.value.line, err.value.column) == (3, "PERIOD")


def test_non_numeric_value(tmp_path):
    folder = _folder(tmp_path, {"a.csv": HEADER + _row("Austria", value="12x")})
    with pytest.raises(DataFormatError, match="not a number") as err:
        read_comext(folder)
    assert (err.value.line, err.value.column) == (2, "VALUE_IN_EUR")


def test_not_available_value_is_missing(tmp_path):
    folder = _folder(tmp_path, {"a.csv": HEADER + _row("Austria", value=":") + _row("Italy")})
    df = read_comext(folder)
    assert df.set_index("reporter_iso2")["value_eur"].isna().to_dict() == {"AT": True, "IT": False}


def test_unknown_reporter(tmp_path):
    folder = _folder(tmp_path, {"a.csv": HEADER + _row("Atlantis")})
    with pytest.raises(DataFormatError, match="unknown reporter") as err:
        read_comext(folder)
    assert err.value.column == "REPORTER"


def test_same_month_in_two_files(tmp_path):
    folder = _folder(
        tmp_path, {"a.csv": HEADER + _row("Austria"), "b.csv": HEADER + _row("Austria")}
    )
    with pytest.raises(DataFormatError, match=r"a\.csv, b\.csv"):
        read_comext(folder)


def test_eu27_total_that_does_not_add_up(tmp_path):
    eu27 = "European Union - 27 countries (AT, BE, ...)"
    text = (
        HEADER
        + _row("Austria", value="100")
        + _row("Italy", value="50")
        + _row(eu27, value="99999")
    )
    folder = _folder(tmp_path, {"a.csv": text})
    with pytest.raises(DataFormatError, match="differs from the sum of member states"):
        read_comext(folder)
    assert len(read_comext(folder, check_total=False)) == 2  # the check can be switched off
