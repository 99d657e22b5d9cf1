"""Tests of the OFAC legacy CSV readers against the real published files, and malformed copies."""

from __future__ import annotations

import pytest

from toolkit.errors import DataFormatError
from toolkit.sources.ofac_consolidated import read_consolidated
from toolkit.sources.ofac_sdn import explode_programs, read_aliases, read_sdn

SNAPSHOTS = "ofac-sdn-snapshots"


def n_tagged(entries, program):
    return int(entries["programs"].map(lambda ps: program in ps).sum())


@pytest.mark.parametrize(
    ("date", "entries", "russia_eo14024"),
    [
        ("2021-08-18", 9_083, 6),
        ("2022-02-23", 9_121, 69),
        ("2022-03-31", 9_847, 700),
        ("2024-05-03", 14_965, 4_439),
    ],
)
def test_snapshot_counts_match_provenance(shared_file, date, entries, russia_eo14024):
    sdn = read_sdn(shared_file(f"{SNAPSHOTS}/{date}/sdn.csv"))
    assert len(sdn) == entries
    assert n_tagged(sdn, "RUSSIA-EO14024") == russia_eo14024
    assert sdn["ent_num"].is_unique
    assert sdn.attrs["source"]["vintage"] == date


def test_entry_types_nulls_and_packed_programs(shared_file):
    sdn = read_sdn(shared_file(f"{SNAPSHOTS}/2024-05-03/sdn.csv"))
    assert sdn["entry_type"].value_counts().to_dict() == {
        "entity": 6_884,
        "individual": 6_854,
        "vessel": 851,
        "aircraft": 376,
    }
    first = sdn.iloc[0]  # 36, AEROCARIBBEAN AIRLINES: every optional field is -0-
    assert first["ent_num"] == 36 and first["entry_type"] == "entity"
    assert first[["title", "call_sign", "remarks"]].isna().all()
    multi = sdn[sdn["program"].str.contains("] [", regex=False)]
    assert len(multi) > 0
    assert all(len(ps) >= 2 and "] [" not in "".join(ps) for ps in multi["programs"])
    # the last record keeps its text: the final 0x1A byte is not a record
    assert sdn["name"].iloc[-1] == "UZAY GROUP DIS TICARET LIMITED SIRKETI"


def test_exploded_view_has_one_row_per_entry_and_program(shared_file):
    sdn = read_sdn(shared_file(f"{SNAPSHOTS}/2024-05-03/sdn.csv"))
    long = explode_programs(sdn)
    assert len(long) == int(sdn["programs"].map(len).sum())
    assert (long["program"] == "RUSSIA-EO14024").sum() == 4_439
    assert (long["program"] == "UKRAINE-EO13661").sum() == 197


def test_bench_set_companions_join_on_ent_num(shared_file):
    folder = shared_file("ofac-lists/sdn-2021-07-bench")
    sdn = read_sdn(folder)
    assert len(sdn) == 8_976
    assert sdn.attrs["source"]["files"] == ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
    assert int(sdn["addresses"].map(len).sum()) == 13_837
    assert int(sdn["aliases"].map(len).sum()) == 11_910
    assert int(sdn["aliases"].map(len).gt(0).sum()) > 0
    cuba_bank = sdn.set_index("ent_num").loc[306]  # BANCO NACIONAL DE CUBA
    assert "NATIONAL BANK OF CUBA" in cuba_bank["aliases"]
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in cuba_bank["addresses"]
    # 12300's remarks continue in sdn_comments.csv, mid-word ("...C" + "Z S.A.S.")
    remarks = sdn.set_index("ent_num").loc[12300, "remarks"]
    assert "Z S.A.S.; Linked To: RED MUNDIAL INMOBILIARIA" in remarks
    assert remarks.endswith("R D I S.A.S.") or "FUNDACION SALVA LA SELVA" in remarks
    alt = read_aliases(folder / "alt.csv")
    assert set(alt["ent_num"]) <= set(sdn["ent_num"])


def test_2019_lf_file_without_ctrl_z_reads_the_same_way(shared_file):
    folder = shared_file("ofac-lists/sdn-2019-01")
    raw = (folder / "sdn.csv").read_bytes()
    assert b"\r\n" not in raw and not raw.endswith(b"\x1a") and not raw.endswith(b"\n")
    sdn = read_sdn(folder)
    assert len(sdn) == 7_379
    assert sdn["ent_num"].is_unique
    assert sdn.iloc[0]["name"] == "AEROCARIBBEAN AIRLINES"
    assert sdn.attrs["source"]["files"] == ["sdn.csv", "add.csv", "alt.csv"]
    assert int(sdn["addresses"].map(len).sum()) == 11_696


def test_consolidated_list_sectoral_program(shared_file):
    cons = read_consolidated(shared_file("ofac-lists/non-sdn-consolidated-2025-12"))
    assert len(cons) == 442
    assert n_tagged(cons, "UKRAINE-EO13662") == 286
    assert n_tagged(cons, "RUSSIA-EO14024") == 93
    # cons_comments.csv continues the remarks of entry 17014 mid-word ("Numbe" + "r 1027...")
    assert (
        "Registration Number 1027700342890 (Russia)"
        in cons.set_index("ent_num").loc[17014, "remarks"]
    )


GOOD = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
ROW = '{n},"{name}",{t},"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"remark"\r\n'


def write(tmp_path, text: str, encoding="cp1252", name="sdn.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) + b"\x1a")
    return path


def test_small_file_crlf_nulls_and_accents(tmp_path):
    text = GOOD + ROW.format(n=37, name="BANCO DE CRÉDITO", t='"individual"')
    sdn = read_sdn(write(tmp_path, text))
    assert sdn["name"].tolist() == ["AEROCARIBBEAN AIRLINES", "BANCO DE CRÉDITO"]
    assert sdn["entry_type"].tolist() == ["entity", "individual"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # line 2 has 11 fields (the Remarks field is missing)
        (
            GOOD + '37,"B",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' + GOOD,
            2,
            "11 fields; expected 12",
        ),
        # line 2 has 13 fields
        (
            GOOD + '37,"B",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
            2,
            "13 fields",
        ),
        # line 3: entry type that OFAC does not use
        (
            GOOD + GOOD.replace("36", "37") + ROW.format(n=38, name="X", t='"company"'),
            3,
            "unknown entry type 'company'",
        ),
        # line 2: ent_num is not a number
        (GOOD + ROW.format(n="A37", name="X", t="-0- "), 2, "ent_num 'A37' is not a positive"),
        # line 2: the name's closing quote is missing, so the field swallows the line end
        (
            GOOD + '37,"B,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' + GOOD + GOOD,
            2,
            "quote",
        ),
        # last line: a quote that never closes before the end of the file
        (GOOD + GOOD + '37,"B,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', 3, "quote"),
    ],
)
def test_malformed_records_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(DataFormatError, match=message) as err:
        read_sdn(path)
    assert err.value.line == line
    assert err.value.path == str(path)


@pytest.mark.parametrize(
    ("encoding", "message", "line"),
    [
        ("utf-8", "looks UTF-8 encoded", 2),
        ("utf-16", "looks UTF-16", 1),
    ],
)
def test_wrong_encoding_is_an_error(tmp_path, encoding, message, line):
    text = GOOD + ROW.format(n=37, name="BANCO DE CRÉDITO", t="-0- ")
    path = write(tmp_path, text, encoding=encoding)
    with pytest.raises(DataFormatError, match=message) as err:
        read_sdn(path)
    assert err.value.line == line and str(path) in str(err.value)


def test_utf8_byte_order_mark_reads_as_utf8(tmp_path):
    # A BOM declares UTF-8: the re-saved file reads the same as the CP1252 original.
    text = GOOD + ROW.format(n=37, name="BANCO DE CRÉDITO", t="-0- ")
    original = read_sdn(write(tmp_path, text, name="a.csv"))
    resaved = read_sdn(write(tmp_path, text, encoding="utf-8-sig", name="b.csv"))
    assert (
        resaved["name"].tolist()
        == original["name"].tolist()
        == ["AEROCARIBBEAN AIRLINES", "BANCO DE CRÉDITO"]
    )


def test_undefined_cp1252_byte_and_missing_files(tmp_path):
    path = tmp_path / "sdn.csv"
    path.write_bytes(
        GOOD.encode() + b'37,"B\x81",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    )
    with pytest.raises(DataFormatError, match="0x81 is not valid cp1252") as err:
        read_sdn(path)
    assert err.value.line == 2
    with pytest.raises(DataFormatError, match="no sdn.csv"):
        read_sdn(tmp_path / "..")
    with pytest.raises(DataFormatError, match="no such file"):
        read_sdn(tmp_path / "missing.csv")


def test_orphan_companion_rows_are_an_error_unless_not_strict(tmp_path):
    write(tmp_path, GOOD)
    write(
        tmp_path,
        '36,12,"aka","AERO-CARIBBEAN",-0- \r\n999,13,"aka","NOBODY",-0- \r\n',
        name="alt.csv",
    )
    with pytest.raises(DataFormatError, match="ent_num 999 has no entry") as err:
        read_sdn(tmp_path)
    assert err.value.line == 2 and err.value.path.endswith("alt.csv")
    sdn = read_sdn(tmp_path, strict=False)
    assert sdn["aliases"].tolist() == [["AERO-CARIBBEAN"]]


def test_bench_comments_all_join_and_public_reader_index(shared_file):
    from toolkit.sources import read_consolidated as lazy_cons
    from toolkit.sources import read_sdn as lazy_sdn
    from toolkit.sources.ofac_sdn import COMMENT_COLUMNS, read_legacy_csv

    folder = shared_file("ofac-lists/sdn-2021-07-bench")
    comments = read_legacy_csv(folder / "sdn_comments.csv", COMMENT_COLUMNS)
    sdn = lazy_sdn(folder / "sdn.csv")
    assert len(comments) == 5 and set(comments["ent_num"]) <= set(sdn["ent_num"])
    assert lazy_cons is read_consolidated


def test_registry_load_carries_provenance(shared_file):
    import toolkit

    sdn = toolkit.load("ofac_sdn", path=shared_file(f"{SNAPSHOTS}/2022-03-31/sdn.csv"))
    assert len(sdn) == 9_847
    assert sdn.attrs["source"]["publisher"].startswith("US Treasury")
    assert sdn.attrs["source"]["vintage"] == "2022-03-31"


@pytest.mark.parametrize("ent_num", ["1.5", "1_000", "12345678901234567890", "0", "-3", "1e3"])
def test_ent_nums_at_the_edges_are_named(tmp_path, ent_num):
    with pytest.raises(DataFormatError, match="is not a positive whole number") as err:
        read_sdn(write(tmp_path, GOOD + ROW.format(n=ent_num, name="X", t="-0- ")))
    assert (err.value.line, err.value.column) == (2, "ent_num")


def test_a_nul_byte_inside_a_name_is_an_error_not_a_cut_name(tmp_path):
    """After the first 4 KB a NUL used to cut "GALINDO HERRERA" to "GALI" without a word."""
    filler = "".join(GOOD.replace("36", str(100 + i)) for i in range(60))  # > 4 KB
    text = GOOD + filler + ROW.format(n=37, name="GALI\0NDO HERRERA", t="-0- ")
    with pytest.raises(DataFormatError, match="control byte 0x00") as err:
        read_sdn(write(tmp_path, text))
    assert err.value.line == 62


def test_a_null_marker_without_its_space_is_still_null(tmp_path):
    trimmed = '37,"X",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-\r\n'
    sdn = read_sdn(write(tmp_path, GOOD + trimmed))
    assert sdn["remarks"].isna().all()  # not the text "-0-"


def test_an_unreadable_companion_is_an_error_not_vanished_aliases(tmp_path):
    write(tmp_path, GOOD)
    alt = tmp_path / "alt.csv"
    alt.symlink_to(tmp_path / "alt-loop.csv")
    (tmp_path / "alt-loop.csv").symlink_to(alt)
    with pytest.raises(DataFormatError, match="symbolic link loop") as err:
        read_sdn(tmp_path)
    assert err.value.path == str(alt)
