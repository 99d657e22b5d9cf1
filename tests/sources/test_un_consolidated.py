"""The UN Consolidated List reader: real facts of the 2024-11-30 and 2026-02-27 files, the two
serialisations, and hostile XML (cut files, entity bombs, external entities and DTDs, huge
files, bad dates) that must end in a DataFormatError naming file and line, quickly, with
nothing expanded or fetched. The generated cases are counted in the hostile-input summary.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from support.hostile import record
from support.http_server import LocalServer

from toolkit.errors import DataFormatError
from toolkit.sources import read_un_consolidated
from toolkit.sources.un_consolidated import COLUMNS, MAX_BYTES, un_names

OLD = "un-consolidated/2024-11-30/consolidated.xml"
NEW = "un-consolidated/2026-02-27/UN_consolidated.xml"
READER = "un_consolidated"
SECRET = "SECRET-7f3a-not-for-the-frame"


@pytest.fixture(scope="module")
def old(shared_data):
    if not (shared_data / OLD).exists():
        pytest.skip(f"{OLD} is not in {shared_data}")
    return read_un_consolidated(shared_data / OLD)


@pytest.fixture(scope="module")
def new(shared_data):
    if not (shared_data / NEW).exists():
        pytest.skip(f"{NEW} is not in {shared_data}")
    return read_un_consolidated(shared_data / NEW)


# --- real facts ---------------------------------------------------------------------------


def _etree_counts(path: Path):
    """Counted another way: the stdlib parser on the trusted file, elements by tag."""
    root = ET.parse(path).getroot()
    return len(root.findall("INDIVIDUALS/INDIVIDUAL")), len(root.findall("ENTITIES/ENTITY"))


def test_2024_counts_686_individuals_193_entities(old, shared_file):
    assert old["kind"].value_counts().to_dict() == {"individual": 686, "entity": 193}
    assert _etree_counts(shared_file(OLD)) == (686, 193)
    assert list(old.columns) == list(COLUMNS)
    assert old["entity_id"].is_unique and old["dataid"].is_unique
    assert old.attrs["source"]["vintage"] == "generated 2024-11-30"


def test_2026_counts_730_individuals_273_entities(new, shared_file):
    assert new["kind"].value_counts().to_dict() == {"individual": 730, "entity": 273}
    assert _etree_counts(shared_file(NEW)) == (730, 273)


def test_first_entry_of_2024_as_published(old):
    row = old.set_index("entity_id").loc["TAi.005"]
    assert row["name"] == "MUHAMMAD TAHER ANWARI"
    assert row["name_original_script"] == "محمد طاهر أنوري"
    assert row["regime"] == "Taliban"
    assert row["listed_on"] == pd.Timestamp("2001-02-23")
    assert row["last_updated"] == pd.Timestamp("2011-11-29")
    assert row["aliases"] == [
        "Mohammad Taher Anwari",
        "Muhammad Tahir Anwari",
        "Mohammad Tahre Anwari",
        "Haji Mudir",
    ]
    assert row["alias_quality"] == ["Good", "Good", "Good", "Low"]
    assert row["dates_of_birth"] == ["1961~"]  # APPROXIMATELY 1961
    assert row["nationalities"] == ["Afghanistan"]
    assert row["line"] == 4


def test_dates_with_a_zone_and_ranges(old):
    by = old.set_index("entity_id")
    # <LISTED_ON>2015-03-27-04:00</LISTED_ON> on line 23696: the date as written
    assert by.loc["TAi.173", "listed_on"] == pd.Timestamp("2015-03-27")
    assert by.loc["TAi.038", "dates_of_birth"] == ["1960/1962"]  # BETWEEN
    assert old["listed_on"].notna().all()


def test_between_the_two_files_listings_added_and_removed(old, new):
    both = old.merge(new, on="entity_id", suffixes=("_old", "_new"))
    assert len(both) == 873
    assert (both["listed_on_old"] == both["listed_on_new"]).all()
    assert (both["regime_old"] == both["regime_new"]).all()
    added = new[~new["entity_id"].isin(old["entity_id"])]
    removed = old[~old["entity_id"].isin(new["entity_id"])]
    assert (len(added), len(removed)) == (130, 6)
    # the Iran (2231) list is back in 2026 with its original listing dates
    assert added["regime"].value_counts()["Iran"] == 121
    assert "Iran" not in set(old["regime"])


def test_names_table_one_primary_per_entry(old):
    names = un_names(old)
    primary = names[names["name_type"] == "primary"]
    assert len(primary) == len(old) and primary["entity_id"].is_unique
    assert len(names[names["name_type"] == "alias"]) == sum(map(len, old["aliases"]))
    assert (names["name"].str.strip() != "").all()


def _restyle(text: str, *, indent: int, quote: str, decl: str, newline: str = "\n") -> str:
    """Re-serialise in another published style: indentation, quotes, declaration, line ends."""
    body = text[text.index("?>") + 2 :].lstrip()
    body = re.sub(r"(?m)^( +)(?=<)", lambda m: " " * (len(m[1]) // _width(text) * indent), body)
    head, rest = body.split(">", 1)
    head = head.replace("'", quote).replace('"', quote)
    return (decl + "\n" + head + ">" + rest).replace("\n", newline)


def _width(text: str) -> int:
    return len(re.search(r"\n( +)<", text)[1])


@pytest.mark.parametrize("which", [OLD, NEW])
def test_both_serialisations_read_to_the_same_entries(which, shared_file, tmp_path, old, new):
    want = old if which == OLD else new
    text = shared_file(which).read_text(encoding="utf-8")
    styles = {
        "2026 style": dict(
            indent=2, quote='"', decl='<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        ),
        "2024 style": dict(indent=4, quote="'", decl="<?xml version='1.0' encoding='UTF-8'?>"),
        "crlf": dict(indent=2, quote='"', decl='<?xml version="1.0"?>', newline="\r\n"),
    }
    for name, style in styles.items():
        path = tmp_path / f"{name}.xml"
        path.write_bytes(_restyle(text, **style).encode("utf-8"))
        got = read_un_consolidated(path)
        pd.testing.assert_frame_equal(got, want, obj=name)


# --- hostile input ------------------------------------------------------------------------


def _individual(ref, dataid, first, second, listed, *, extra=""):
    return (
        f"<INDIVIDUAL><DATAID>{dataid}</DATAID><VERSIONNUM>1</VERSIONNUM>"
        f"<FIRST_NAME>{first}</FIRST_NAME><SECOND_NAME>{second}</SECOND_NAME>"
        f"<UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>"
        f"<LISTED_ON>{listed}</LISTED_ON><NAME_ORIGINAL_SCRIPT>Иван Петров</NAME_ORIGINAL_SCRIPT>"
        "<NATIONALITY><VALUE>Russian Federation</VALUE></NATIONALITY>"
        "<LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>"
        "<LAST_DAY_UPDATED><VALUE>2017-09-11</VALUE><VALUE>2020-04-03</VALUE></LAST_DAY_UPDATED>"
        "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ivan Petrov</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS><INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>"
        "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-01-31</DATE>"
        "</INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN"
        "</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR>"
        f"</INDIVIDUAL_DATE_OF_BIRTH>{extra}<SORT_KEY/></INDIVIDUAL>"
    )


ENTITY = (
    "<ENTITY><DATAID>90</DATAID><VERSIONNUM>1</VERSIONNUM>"
    "<FIRST_NAME>OCEAN MARITIME MANAGEMENT &amp; CO</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
    "<REFERENCE_NUMBER>KPe.029</REFERENCE_NUMBER><LISTED_ON>2014-07-28</LISTED_ON>"
    "<LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY>"
    "<ALIAS_NAME>OMM</ALIAS_NAME></ENTITY_ALIAS></ENTITY>"
)
DECL = "<?xml version='1.0' encoding='UTF-8'?>"
ROOT_OPEN = "<CONSOLIDATED_LIST dateGenerated='2024-11-30T00:00:00.875Z'>"


def document(individuals=None, entities=(ENTITY,), *, decl=DECL, doctype="", root=ROOT_OPEN):
    individuals = (
        [
            _individual("KPi.001", 1, "IVAN", "PETROV", "2016-03-02"),
            _individual("KPi.002", 2, "PAK", "CHOL", "2017-06-02-04:00"),
        ]
        if individuals is None
        else individuals
    )
    close = "</" + root[1:].split()[0].rstrip(">") + ">"
    return (
        f"{decl}\n{doctype}{root}\n<INDIVIDUALS>\n"
        + "\n".join(individuals)
        + "\n</INDIVIDUALS>\n<ENTITIES>\n"
        + "\n".join(entities)
        + f"\n</ENTITIES>\n{close}\n"
    )


def _read(tmp_path: Path, data: bytes | str, name="consolidated.xml"):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    start = time.perf_counter()
    try:
        return read_un_consolidated(path), None, path
    except DataFormatError as exc:
        assert exc.path == str(path), exc.path
        assert exc.problem.strip()
        return None, exc, path
    finally:
        assert time.perf_counter() - start < 5, "a hostile case took over 5 s"


@pytest.fixture
def clean(tmp_path):
    df, exc, _ = _read(tmp_path, document())
    assert exc is None, exc
    return df


def test_clean_hand_made_document(clean):
    assert clean["entity_id"].tolist() == ["KPi.001", "KPi.002", "KPe.029"]
    first = clean.iloc[0]
    assert first["name"] == "IVAN PETROV" and first["aliases"] == ["Ivan Petrov"]
    assert first["dates_of_birth"] == ["1970-01-31", "1960/1962"]
    assert first["last_updated"] == pd.Timestamp("2020-04-03")
    assert clean.iloc[1]["listed_on"] == pd.Timestamp("2017-06-02")
    assert clean.iloc[2]["name"] == "OCEAN MARITIME MANAGEMENT & CO"


def _must_error(tmp_path, mutation, data, *, line=True, column=None):
    _, exc, _ = _read(tmp_path, data)
    assert exc is not None, f"{mutation}: read without an error"
    if line:
        assert exc.line is not None, str(exc)
    if column is not None:
        assert exc.column == column, str(exc)
    assert SECRET not in str(exc)
    record(READER, mutation, "error")
    return exc


def _must_equal(tmp_path, mutation, data, want, *, drop=("line",)):
    got, exc, _ = _read(tmp_path, data)
    assert exc is None, f"{mutation}: rejected a file it must read: {exc}"
    pd.testing.assert_frame_equal(got.drop(columns=list(drop)), want.drop(columns=list(drop)))
    assert SECRET not in got.to_string()
    record(READER, mutation, "equal")


def test_every_cut_is_an_error_naming_the_line(tmp_path, clean):
    data = document().encode("utf-8")
    end = data.rindex(b">") + 1
    # every byte near both ends, every third one between (the machine is shared)
    cuts = sorted({*range(0, 60), *range(60, end - 60, 3), *range(end - 60, len(data))})
    for cut in cuts:
        if cut >= end:  # only the final line end is missing: the same document
            _must_equal(tmp_path, "cut", data[:cut], clean)
        else:
            _must_error(tmp_path, "cut", data[:cut])


BILLION_LAUGHS = (
    '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' if i > 1 else '<!ENTITY lol1 "&lol;">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def test_entity_bombs_and_external_references_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    bomb = document(doctype=BILLION_LAUGHS)
    _must_error(tmp_path, "billion laughs", bomb.replace("IVAN", "&lol9;"))
    quadratic = f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "{"x" * 50_000}">]>\n'
    _must_error(
        tmp_path, "quadratic blowup", document(doctype=quadratic).replace("IVAN", "&a;" * 5000)
    )
    server = LocalServer(tmp_path)
    try:
        cases = {
            "external entity (file)": (
                f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n',
                "&x;",
            ),
            "external entity (url)": (
                f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "{server.url}/real/s">]>\n',
                "&x;",
            ),
            "external dtd (url)": (
                f'<!DOCTYPE CONSOLIDATED_LIST SYSTEM "{server.url}/real/list.dtd">\n',
                "IVAN",
            ),
            "parameter entity (url)": (
                f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY % p SYSTEM "{server.url}/real/p">%p;]>\n',
                "IVAN",
            ),
            "empty internal dtd": ("<!DOCTYPE CONSOLIDATED_LIST []>\n", "IVAN"),
        }
        for mutation, (doctype, name) in cases.items():
            exc = _must_error(
                tmp_path, mutation, document(doctype=doctype).replace("IVAN", name, 1)
            )
            assert "refused" in exc.problem and exc.line == 2, str(exc)
        assert server.requests == [], "the reader reached the network"
    finally:
        server.close()
    # an entity without any DTD is not well-formed, never looked up
    _must_error(tmp_path, "undeclared entity", document().replace("IVAN", "&x;", 1))
    # XInclude is not processed: an unknown element, ignored
    xi = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{}" parse="text"/>'
    entry = _individual(
        "KPi.001", 1, "IVAN", "PETROV", "2016-03-02", extra=xi.format(secret.as_uri())
    )
    got, exc, _ = _read(tmp_path, document([entry]))
    assert exc is None and SECRET not in got.to_string()
    record(READER, "xinclude", "equal")


def test_huge_inputs(tmp_path, clean):
    path = tmp_path / "consolidated.xml"
    with open(path, "wb") as fh:  # sparse: nothing written, the size is checked first
        fh.truncate(MAX_BYTES + 1)
    start = time.perf_counter()
    with pytest.raises(DataFormatError, match="refused without reading") as info:
        read_un_consolidated(path)
    assert time.perf_counter() - start < 1 and info.value.path == str(path)
    record(READER, "huge file", "error")
    # a huge name within the size bound is read whole, not cut
    long = "A" * 3_000_000
    got, exc, _ = _read(tmp_path, document().replace("IVAN", long, 1))
    assert exc is None and got.iloc[0]["name"] == f"{long} PETROV"
    record(READER, "huge field", "equal")
    deep = "<X>" * 50_000 + "</X>" * 50_000
    entry = _individual("KPi.001", 1, "IVAN", "PETROV", "2016-03-02", extra=deep)
    _must_equal(
        tmp_path, "deep nesting", document([entry]), clean.iloc[[0, 2]].reset_index(drop=True)
    )


def test_structure_and_values(tmp_path, clean):
    doc = document()
    errors = {
        "wrong root": (
            doc.replace("<CONSOLIDATED_LIST ", "<SDN_LIST ").replace(
                "</CONSOLIDATED_LIST>", "</SDN_LIST>"
            ),
            None,
        ),
        "no INDIVIDUALS": (re.sub(r"<INDIVIDUALS>.*</INDIVIDUALS>", "", doc, flags=re.S), None),
        "not a date": (doc.replace("2016-03-02", "2016-02-30"), "LISTED_ON"),
        "day-first date": (doc.replace("2016-03-02", "02/03/2016"), "LISTED_ON"),
        "empty date": (
            doc.replace("<LISTED_ON>2016-03-02</LISTED_ON>", "<LISTED_ON/>"),
            "LISTED_ON",
        ),
        "no reference": (
            doc.replace("<REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER>", ""),
            "REFERENCE_NUMBER",
        ),
        "duplicate reference": (doc.replace("KPi.002", "KPi.001"), "REFERENCE_NUMBER"),
        "no name": (doc.replace("IVAN", "").replace("PETROV", ""), "FIRST_NAME"),
        "no regime": (doc.replace("<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>", "", 1), "UN_LIST_TYPE"),
        "bad year": (doc.replace("<FROM_YEAR>1960", "<FROM_YEAR>196O"), "FROM_YEAR"),
        "bad update": (doc.replace("2020-04-03", "2020-13-03"), "LAST_DAY_UPDATED"),
        "unclosed tag": (doc.replace("</SECOND_NAME>", "", 1), None),
        "stray ampersand": (doc.replace("&amp;", "&"), None),
        "control character": (doc.replace("IVAN", "IV&#0;AN"), None),
    }
    for mutation, (data, column) in errors.items():
        _must_error(tmp_path, mutation, data, column=column)
    raw = doc.encode("utf-8")
    _must_error(
        tmp_path, "latin-1 bytes", raw.replace("Иван".encode(), "Iv\xe1n".encode("latin-1"))
    )
    for mutation, enc in {"unknown encoding": "foo", "multi-byte encoding": "shift_jis"}.items():
        _must_error(tmp_path, mutation, doc.replace("encoding='UTF-8'", f"encoding='{enc}'"))
    for mutation, data in {"empty": b"", "blank": b"\n  \n", "text": b"not xml at all\n"}.items():
        _must_error(tmp_path, mutation, data)
    for mutation, name in {"missing file": None, "folder": "dir"}.items():
        target = tmp_path / "nowhere.xml" if name is None else tmp_path / name
        if name:
            target.mkdir()
        with pytest.raises(DataFormatError) as info:
            read_un_consolidated(target)
        assert info.value.path == str(target)
        record(READER, mutation, "error")


def test_harmless_variants_read_the_same(tmp_path, clean):
    doc = document()
    variants = {
        "bom prefix": b"\xef\xbb\xbf" + doc.encode("utf-8"),
        "utf-16": doc.replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16"),
        "no declaration": doc[len(DECL) + 1 :].encode("utf-8"),
        "comments and PIs": doc.replace("<INDIVIDUALS>", "<!-- x --><?pi y?><INDIVIDUALS>").encode(
            "utf-8"
        ),
        "unknown element": doc.replace("<SORT_KEY/>", "<NEW_FIELD>z</NEW_FIELD><SORT_KEY/>").encode(
            "utf-8"
        ),
        "cdata name": doc.replace("IVAN", "<![CDATA[IVAN]]>").encode("utf-8"),
        "character reference": doc.replace("IVAN", "&#73;VAN").encode("utf-8"),
    }
    for mutation, data in variants.items():
        _must_equal(tmp_path, mutation, data, clean, drop=("line",))
