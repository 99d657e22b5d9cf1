"""OFAC partial sets (companion files without sdn.csv): list size, countries and stated dates
from the real files, checked against an independent csv-module count, and hand-made hostile
sets (each case counted in the hostile-input summary)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from support.hostile import record

from toolkit.errors import DataFormatError
from toolkit.sources import read_partial_sets
from toolkit.sources.ofac_partial_sets import (
    PROGRAMS,
    entries_by_country,
    list_sizes,
    read_listing_dates,
    read_partial_set,
)

SETS = "ofac-partial-sets"
READER = "ofac_partial_sets"


def _rows(path: Path) -> list[list[str]]:
    """The records of an OFAC legacy CSV, read with the csv module (independent of the reader)."""
    if not path.exists():
        return []
    text = path.read_bytes().rstrip(b"\x1a").decode("cp1252")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("date", "entries", "in_russia", "files"),
    [
        ("2025-01-06", 16_989, 4_902, ["add.csv", "alt.csv", "sdn_comments.csv"]),
        ("2025-12-24", 18_494, 5_231, ["add.csv", "alt.csv", "sdn_comments.csv"]),
        ("2026-06-02", 19_014, 5_218, ["add.csv", "alt.csv"]),  # no sdn_comments.csv
    ],
)
def test_list_size_and_russia_per_set(shared_file, date, entries, in_russia, files):
    folder = shared_file(f"{SETS}/{date}")
    df = read_partial_set(folder)
    # independent count: distinct ent_num over every record of the files present
    ents = {int(r[0]) for name in files for r in _rows(folder / name)}
    russia = {int(r[0]) for r in _rows(folder / "add.csv") if r[4] == "Russia"}
    assert len(ents) == entries and len(russia) == in_russia  # PROVENANCE.md figures
    assert len(df) == entries and df["ent_num"].is_unique
    assert set(df["ent_num"]) == ents
    assert int(df["countries"].map(lambda c: "Russia" in c).sum()) == in_russia
    assert (df["list_date"] == pd.Timestamp(date)).all()
    src = df.attrs["source"]
    assert src["vintage"] == date and src["files"] == files and src["entries"] == entries
    assert "sdn.csv" in src["missing_files"]
    assert src["programs"] == PROGRAMS and "unknown" in src["programs"]
    assert any("Programs are unknown" in w for w in src["usage_warnings"])
    assert any("invisible" in w for w in src["usage_warnings"])
    assert not [c for c in df.columns if "program" in c]  # never guessed


def test_sets_over_time_sizes_and_countries(shared_file):
    df = read_partial_sets(shared_file(SETS))
    sizes = list_sizes(df)
    assert sizes["list_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-06",
        "2025-12-24",
        "2026-06-02",
    ]
    assert sizes["entries"].tolist() == [16_989, 18_494, 19_014]
    assert (sizes["entries_with_country"] + sizes["entries_without_country"]).tolist() == (
        sizes["entries"].tolist()
    )
    assert sizes["entries_without_country"].tolist() == [2_836, 3_153, 3_216]
    by = entries_by_country(df)
    russia = by[by["country"] == "Russia"]["entries"].tolist()
    assert russia == [4_902, 5_231, 5_218]
    first = by.groupby("list_date").head(1)["country"].tolist()
    assert first == ["Russia"] * 3  # the largest country of every set
    src = df.attrs["source"]
    assert [s["vintage"] for s in src["sets"]] == ["2025-01-06", "2025-12-24", "2026-06-02"]
    assert "sdn_comments.csv absent in 2026-06-02" in src["usage_warnings"][0]
    assert "sdn.csv absent in every set" in src["usage_warnings"][0]


def test_listing_dates_stated_in_remarks(shared_file):
    dates = read_listing_dates(shared_file(f"{SETS}/2025-01-06/sdn_comments.csv"))
    assert len(dates) == 5
    first = dates.iloc[0]
    assert first["ent_num"] == 17016 and first["kind"] == "listing"
    assert first["qualifier"] == "EO 14024 Directive 3"
    assert first["stated_date"] == pd.Timestamp("2022-02-24")
    assert first["text"] == "Listing Date (EO 14024 Directive 3): 24 Feb 2022"
    assert set(dates["kind"]) == {"listing", "effective"}
    eff = dates[dates["kind"] == "effective"]["stated_date"].unique()
    assert list(eff) == [pd.Timestamp("2022-03-26")]
    # 17018's cell begins 'ive 2): 24 Feb 2022': its label is in the missing sdn.csv
    assert dates.attrs["source"]["cut_statements"] == 1
    assert "Listing Date" in dates.attrs["source"]["phrasing"]
    later = read_listing_dates(shared_file(f"{SETS}/2025-12-24"))  # the folder works too
    assert later.attrs["source"]["cut_statements"] == 4
    assert set(later["ent_num"]) == {17016, 17018}


# --- hand-made sets -------------------------------------------------------------------------

ADD = [
    '36,25,-0- ,"Havana","Cuba",-0- ',
    '173,129,"Ibex House, The Minories","London EC3N 1DY","United Kingdom",-0- ',
    '306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",-0- ',
    '306,200,"Avenida de Concha Espina 8","Madrid E-28036","Spain",-0- ',
    "424,300,-0- ,-0- ,-0- ,-0- ",  # an entry with no known address: counted, no country
    '500,301,"ul. Tverskaya 1","Moscow","Russia",-0- ',
]
ALT = [
    '36,12,"aka","AERO-CARIBBEAN",-0- ',
    '306,220,"aka","NATIONAL BANK OF CUBA",-0- ',
    '777,221,"fka","ONLY AN ALIAS",-0- ',  # no add.csv record: still counted
]
COMMENTS = [
    '500,"ive 2): 24 Feb 2022; Listing Date (EO 14024 Directive 3): 24 Feb 2022; '
    'Effective Date (EO 14024 Directive 3): 26 Mar 2022."',
]


def _write(folder: Path, files: dict[str, list[str] | bytes], *, end="\r\n", ctrl_z=True):
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        data = lines if isinstance(lines, bytes) else (end.join(lines) + end).encode("cp1252")
        if ctrl_z and not isinstance(lines, bytes):
            data += b"\x1a"
        (folder / name).write_bytes(data)
    return folder


def _clean(folder: Path, **kw):
    return _write(folder, {"add.csv": ADD, "alt.csv": ALT, "sdn_comments.csv": COMMENTS}, **kw)


def test_hand_made_set_size_counts_every_file(tmp_path):
    df = read_partial_set(_clean(tmp_path / "2025-01-01"))
    assert df["ent_num"].tolist() == [36, 173, 306, 424, 500, 777]
    row = df.set_index("ent_num")
    assert row.loc[306, "countries"] == ["Spain", "Switzerland"]
    assert row.loc[424, "countries"] == [] and row.loc[424, "n_addresses"] == 1
    assert row.loc[777, "n_addresses"] == 0 and row.loc[777, "n_aliases"] == 1
    assert row.loc[500, "has_remarks_continued"]
    sizes = list_sizes(df)
    assert sizes[["entries", "entries_with_country", "entries_without_country"]].iloc[
        0
    ].tolist() == [
        6,
        4,
        2,
    ]
    dates = read_listing_dates(tmp_path / "2025-01-01")
    assert dates["text"].tolist() == [
        "Listing Date (EO 14024 Directive 3): 24 Feb 2022",
        "Effective Date (EO 14024 Directive 3): 26 Mar 2022",
    ]
    assert dates.attrs["source"]["cut_statements"] == 1
    assert dates.attrs["source"]["vintage"] == "2025-01-01"


def _judge(mutation, folder, read, want=None, *, located=True):
    """Read a damaged set: the clean frame, or a DataFormatError naming the file (and line)."""
    try:
        got = read(folder)
    except DataFormatError as exc:
        assert exc.path.startswith(str(folder)), str(exc)
        assert exc.problem.strip(), str(exc)
        if located:
            assert exc.line is not None or exc.column is not None, str(exc)
        record(READER, mutation, "error")
        return exc
    assert want is not None, f"{mutation}: read a damaged set without an error"
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    record(READER, mutation, "equal")
    return None


def _replace(lines, i, new):
    out = list(lines)
    out[i] = new
    return out


# (mutation, files written over the clean set, must the error name a line or column)
DAMAGED = [
    ("too few fields", {"add.csv": _replace(ADD, 2, '306,199,"Zweierstrasse 35","Zurich"')}),
    ("too many fields", {"alt.csv": _replace(ALT, 1, '306,220,"aka","X",-0- ,"extra"')}),
    ("unterminated quote", {"add.csv": _replace(ADD, 1, '173,129,"Ibex House,"London",-0- ')}),
    ("ent_num not a number", {"add.csv": _replace(ADD, 3, '3O6,200,"A","B","Spain",-0- ')}),
    ("ent_num empty", {"alt.csv": _replace(ALT, 0, ',12,"aka","AERO-CARIBBEAN",-0- ')}),
    ("utf-16", {"add.csv": ("\r\n".join(ADD) + "\r\n").encode("utf-16")}),
    ("utf-8 re-saved", {"alt.csv": '36,12,"aka","CAFÉ ÑANDÚ",-0- \r\n'.encode()}),
    ("empty file", {"add.csv": b""}),
    ("only ctrl-z", {"sdn_comments.csv": b"\x1a"}),
    ("truncated mid-quote", {"add.csv": ("\r\n".join(ADD)[:-20]).encode("cp1252")}),
    ("impossible stated date", {"sdn_comments.csv": ['9,"Listing Date (EO 14024): 31 Feb 2022"']}),
    ("header added", {"add.csv": ["ent_num,add_num,address,city,country,remarks", *ADD]}),
]


@pytest.mark.parametrize(("mutation", "files"), DAMAGED, ids=[d[0] for d in DAMAGED])
def test_damaged_set_is_an_error_naming_file_and_line(tmp_path, mutation, files):
    folder = _clean(tmp_path / "2025-01-01")
    _write(folder, files)

    def read(f):
        read_partial_set(f)
        return read_listing_dates(f)

    exc = _judge(mutation, folder, read)
    assert exc is not None


@pytest.mark.parametrize(
    ("mutation", "kw"),
    [
        ("LF line ends", {"end": "\n"}),
        ("no final ctrl-z", {"ctrl_z": False}),
        ("CR line ends", {"end": "\r"}),
    ],
)
def test_harmless_variants_read_the_same(tmp_path, mutation, kw):
    want = read_partial_set(_clean(tmp_path / "a" / "2025-01-01"))
    _judge(mutation, _clean(tmp_path / "b" / "2025-01-01", **kw), read_partial_set, want)


def test_utf8_bom_reads_the_same(tmp_path):
    want = read_partial_set(_clean(tmp_path / "a" / "2025-01-01"))
    folder = _clean(tmp_path / "b" / "2025-01-01")
    (folder / "add.csv").write_bytes(b"\xef\xbb\xbf" + (folder / "add.csv").read_bytes())
    _judge("utf-8 bom", folder, read_partial_set, want)


def test_wrong_folders(tmp_path):
    # a file, not a folder
    add = _clean(tmp_path / "2025-01-01") / "add.csv"
    _judge("file not folder", add, read_partial_set, located=False)
    # a complete set: read it with read_sdn (programs known)
    full = _clean(tmp_path / "full")
    (full / "sdn.csv").write_bytes(b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- \r\n')
    exc = _judge("complete set", full, read_partial_set, located=False)
    assert "read_sdn" in str(exc)
    # no add.csv: the size would be the aliases' only
    only_alt = _write(tmp_path / "only-alt", {"alt.csv": ALT})
    exc = _judge("no add.csv", only_alt, read_partial_set, located=False)
    assert "add.csv" in str(exc)
    _judge("missing folder", tmp_path / "nowhere", read_partial_set, located=False)
    # a folder of sets without any dated set
    (tmp_path / "undated" / "latest").mkdir(parents=True)
    exc = _judge("no dated set", tmp_path / "undated", read_partial_sets, located=False)
    assert "YYYY-MM-DD" in str(exc)
    _judge("no comments file", tmp_path / "only-alt", read_listing_dates, located=False)


def test_optional_files_may_be_absent(tmp_path):
    folder = _write(tmp_path / "2026-06-02", {"add.csv": ADD})
    df = read_partial_set(folder)
    assert len(df) == 5 and (df["n_aliases"] == 0).all()
    assert df.attrs["source"]["missing_files"] == ["sdn.csv", "alt.csv", "sdn_comments.csv"]
    undated = read_partial_set(_write(tmp_path / "latest", {"add.csv": ADD}))
    assert undated["list_date"].isna().all()
    assert "not stated" in undated.attrs["source"]["vintage"]


def test_measure_on_a_complete_set_equals_its_sdn_csv(shared_file, tmp_path):
    """Why the measure holds: the complete 2021 set read without its sdn.csv has every entry."""
    from toolkit.sources.ofac_sdn import read_sdn

    bench = shared_file("ofac-lists/sdn-2021-07-bench")
    complete = read_sdn(bench)
    partial = tmp_path / "2021-07-01"
    partial.mkdir()
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):  # a temporary copy, not in the repo
        (partial / name).write_bytes((bench / name).read_bytes())
    df = read_partial_set(partial)
    assert len(df) == len(complete) == 8_976
    assert set(df["ent_num"]) == set(complete["ent_num"])
    in_russia = complete["countries"].map(lambda c: "Russia" in c).sum()
    assert df["countries"].map(lambda c: "Russia" in c).sum() == in_russia
