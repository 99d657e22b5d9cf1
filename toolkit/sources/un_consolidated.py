"""Reader of the UN Security Council Consolidated List (the official XML), parsed defensively.

The file is read with ``defusedxml``: a document type declaration (DTD) is refused outright
(the real list has none, and a DTD is what entity bombs and external entities need), so no
entity is ever expanded and no file or URL is ever opened; the size is checked before a
byte is parsed.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.fields import LICENCES, Column
from toolkit.sources._declare import ReaderDataset, Source

__all__ = [
    "COLUMNS",
    "LIST",
    "MAX_BYTES",
    "NAME_COLUMNS",
    "SOURCE",
    "read_un_consolidated",
    "un_names",
]

#: The ``list`` value of every row (the source key).
LIST = "un_consolidated"
#: Largest file read, in bytes: the real list is about 2 MB; a larger file is refused unread.
MAX_BYTES = 64 * 2**20
ROOT = "CONSOLIDATED_LIST"
#: Group element -> (entry element, ``kind``).
GROUPS = {"INDIVIDUALS": ("INDIVIDUAL", "individual"), "ENTITIES": ("ENTITY", "entity")}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
#: Columns of :func:`read_un_consolidated`, in order.
COLUMNS = (
    "list",
    "entity_id",
    "dataid",
    "kind",
    "name",
    "name_original_script",
    "regime",
    "listed_on",
    "last_updated",
    "aliases",
    "alias_quality",
    "dates_of_birth",
    "nationalities",
    "generated",
    "line",
)
#: Columns of :func:`un_names` (shared with the DFAT reader's name rows).
NAME_COLUMNS = ("list", "entity_id", "name", "name_type", "quality")
# hostile cases: tests/sources/test_un_consolidated.py (XML belongs to neither shared suite)
SOURCE = Source(
    key="un_consolidated",
    title="United Nations Security Council Consolidated List (XML)",
    publisher="United Nations Security Council",
    licence=LICENCES["un"],
    format="XML (CONSOLIDATED_LIST: INDIVIDUALS and ENTITIES), UTF-8; no DTD",
    reader="toolkit.sources.un_consolidated:read_un_consolidated",
    url="https://scsanctions.un.org/resources/xml/en/",
    files=("consolidated.xml",),
    url_note="the Security Council's consolidated list download; PROVENANCE.md (un-consolidated)",
    shared=(
        "un-consolidated/2024-11-30/consolidated.xml",
        "un-consolidated/2026-02-27/UN_consolidated.xml",
    ),
    dataset=ReaderDataset(
        theme="sanctions",
        vintage="as downloaded (dateGenerated of the file)",
        cadence="irregular",
        citation="United Nations Security Council, Consolidated List (consolidated.xml), "
        "generated DATE",
        description="load('un_consolidated', path=<consolidated.xml>): one row per individual "
        "or entity; un_names() gives one row per name.",
        columns=(
            Column("entity_id", "str", description="UN reference number (TAi.005)"),
            Column("kind", "str", description="individual or entity"),
            Column("name", "str", description="name parts joined by a space"),
            Column("regime", "str", description="UN_LIST_TYPE (DPRK, Al-Qaida, Iran ...)"),
            Column("listed_on", "date", description="LISTED_ON"),
            Column("aliases", "list", description="alias names (empty ones dropped)"),
            Column("dates_of_birth", "list", description="EDTF strings: 1970-01-31, 1961~"),
            Column("nationalities", "list"),
        ),
        usage_warnings=(
            "The UN list has no Russia regime (Russia holds a veto): a multilateral baseline.",
            "LISTED_ON is the original listing date, kept when a regime is re-imposed (Iran 2026).",
        ),
    ),
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?")
_YEAR = re.compile(r"\d{4}")
_DOB_TYPES = {"EXACT": "", "APPROXIMATELY": "~", "BETWEEN": ""}


class _Target:
    """Tree builder that remembers the line each element starts on (for the error messages)."""

    def __init__(self):
        from xml.etree.ElementTree import TreeBuilder

        self.builder = TreeBuilder()
        self.lines = {}
        self.expat = None

    def start(self, tag, attrs):
        elem = self.builder.start(tag, attrs)
        self.lines[elem] = self.expat.CurrentLineNumber
        return elem

    def end(self, tag):
        return self.builder.end(tag)

    def data(self, text):
        self.builder.data(text)

    def close(self):
        return self.builder.close()


def _parse(path: Path, raw: bytes):
    """Parse ``raw`` with no DTD, no entity and no network; return (root, lines)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import DefusedXMLParser

    target = _Target()
    parser = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    target.expat = parser.parser
    try:
        # fed in slices: expat then stops at the first bad byte instead of scanning a whole
        # damaged file held on one line first (seconds for 50 MB)
        for at in range(0, len(raw), 1 << 20):
            parser.feed(raw[at : at + (1 << 20)])
        root = parser.close()
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise DataFormatError(
            path,
            f"has a document type declaration or entity ({type(exc).__name__}); the UN list "
            "has none, and one can expand into an entity bomb or read a local file or URL: "
            "refused, nothing expanded or fetched",
            line=parser.parser.CurrentLineNumber,
        ) from None
    except ParseError as exc:
        raise DataFormatError(
            path,
            f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc}); a truncated "
            "or damaged download?",
            line=exc.position[0],
        ) from None
    except (LookupError, ValueError) as exc:  # an encoding expat cannot decode
        raise DataFormatError(
            path,
            f"the XML declaration names an encoding that cannot be read ({exc}); the UN list "
            "is UTF-8",
            line=1,
        ) from None
    return root, target.lines


def _text(elem, tag: str) -> str:
    child = elem.find(tag)
    if child is None or child.text is None:
        return ""
    return child.text.strip()


def _date(path, text: str, line, column: str):
    """Return an ``xs:date`` (``2015-03-27``, or with a zone ``2015-03-27-04:00``) as a date."""
    m = _DATE.fullmatch(text)
    try:
        if m is None:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise DataFormatError(
            path, f"{text!r} is not a date (expected YYYY-MM-DD)", line=line, column=column
        ) from None


def _dob(path, elem, lines) -> str | None:
    """Return one date of birth in EDTF, or None when it gives only a note or nothing.

    ``1970-01-31`` (a date), ``1961`` (a year), ``1961~`` (approximately), ``1960/1962``
    (between).
    """
    kind = _text(elem, "TYPE_OF_DATE").upper()
    line = lines.get(elem)
    if kind and kind not in _DOB_TYPES:
        raise DataFormatError(
            path, f"unknown TYPE_OF_DATE {kind!r}", line=line, column="TYPE_OF_DATE"
        )
    mark = _DOB_TYPES.get(kind, "")
    if full := _text(elem, "DATE"):
        return _date(path, full, line, "DATE").isoformat() + mark
    years = [_text(elem, t) for t in ("YEAR", "FROM_YEAR", "TO_YEAR")]
    for tag, value in zip(("YEAR", "FROM_YEAR", "TO_YEAR"), years, strict=True):
        if value and not _YEAR.fullmatch(value):
            raise DataFormatError(path, f"{value!r} is not a year", line=line, column=tag)
    if years[0]:
        return years[0] + mark
    if years[1] and years[2]:
        return f"{years[1]}/{years[2]}"
    if years[1] or years[2]:
        raise DataFormatError(path, "a date range with only one end", line=line, column="FROM_YEAR")
    return None


def _required(path, elem, tag: str, lines, what: str) -> str:
    value = _text(elem, tag)
    if not value:
        raise DataFormatError(
            path, f"{what} without a {tag}; every entry has one", line=lines.get(elem), column=tag
        )
    return value


def _entry(path, elem, kind: str, lines, generated) -> dict:
    line = lines.get(elem)
    ref = _required(path, elem, "REFERENCE_NUMBER", lines, f"an {elem.tag}")
    what = f"{elem.tag} {ref}"
    dataid = _required(path, elem, "DATAID", lines, what)
    if not dataid.isdigit():
        raise DataFormatError(
            path, f"DATAID {dataid!r} is not a number", line=line, column="DATAID"
        )
    name = " ".join(p for p in (_text(elem, t) for t in NAME_PARTS) if p)
    if not name:
        raise DataFormatError(path, f"{what} has no name", line=line, column="FIRST_NAME")
    listed = elem.find("LISTED_ON")
    listed_text = _required(path, elem, "LISTED_ON", lines, what)
    updated = [
        _date(path, v.text.strip(), lines.get(v), "LAST_DAY_UPDATED")
        for v in elem.findall("LAST_DAY_UPDATED/VALUE")
        if v.text and v.text.strip()
    ]
    aliases, quality = [], []
    for alias in elem.findall(f"{elem.tag}_ALIAS"):
        if alias_name := _text(alias, "ALIAS_NAME"):
            aliases.append(alias_name)
            quality.append(_text(alias, "QUALITY"))
    dobs = [_dob(path, d, lines) for d in elem.findall("INDIVIDUAL_DATE_OF_BIRTH")]
    return {
        "list": LIST,
        "entity_id": ref,
        "dataid": int(dataid),
        "kind": kind,
        "name": name,
        "name_original_script": _text(elem, "NAME_ORIGINAL_SCRIPT"),
        "regime": _required(path, elem, "UN_LIST_TYPE", lines, what),
        "listed_on": _date(path, listed_text, lines.get(listed), "LISTED_ON"),
        "last_updated": max(updated) if updated else None,
        "aliases": aliases,
        "alias_quality": quality,
        "dates_of_birth": [d for d in dobs if d],
        "nationalities": [
            v.text.strip() for v in elem.findall("NATIONALITY/VALUE") if v.text and v.text.strip()
        ],
        "generated": generated,
        "line": line,
    }


def _generated(path, root, lines):
    stamp = root.get("dateGenerated", "")
    if not stamp:
        raise DataFormatError(
            path, f"{ROOT} has no dateGenerated attribute", line=lines.get(root), column=ROOT
        )
    return _date(path, stamp[:10], lines.get(root), "dateGenerated")


def read_un_consolidated(path):
    """Read the UN Security Council Consolidated List XML: one row per individual or entity.

    Both published serialisations (single-quoted declaration with 4-space indentation, and
    ``standalone="yes"`` with 2-space indentation; LF or CRLF) read to the same rows.

    Parameters
    ----------
    path : str or path-like
        ``consolidated.xml`` as downloaded (at most :data:`MAX_BYTES`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: ``entity_id`` is the UN ``REFERENCE_NUMBER`` (``TAi.005``),
        ``dataid`` the ``DATAID``; ``kind`` is ``"individual"`` or ``"entity"``; ``name`` the
        name parts joined by a space; ``regime`` the ``UN_LIST_TYPE`` (``"DPRK"``,
        ``"Al-Qaida"`` ...); ``listed_on`` and ``last_updated`` (the latest
        ``LAST_DAY_UPDATED``, NaT when none) are datetimes (a zone suffix of ``xs:date`` is
        dropped: the date is kept as written); ``aliases`` and ``alias_quality`` are parallel
        lists (empty aliases dropped); ``dates_of_birth`` is a list of EDTF strings
        (``1970-01-31``, ``1961``, ``1961~`` approximately, ``1960/1962`` between; a date of
        birth given only as a note is left out); ``nationalities`` a list; ``generated`` the
        file's ``dateGenerated`` date; ``line`` the entry's line in the file. Text is
        stripped of surrounding white space only. ``df.attrs["source"]`` cites the file.

    Raises
    ------
    DataFormatError
        Naming the file and line (and element as ``column``): a file over
        :data:`MAX_BYTES` (refused unread), XML that is not well formed (cut or damaged),
        any DTD or entity declaration (refused, never expanded or fetched), a root other
        than ``CONSOLIDATED_LIST`` or without ``INDIVIDUALS``/``ENTITIES``, an entry
        without reference number, name, ``UN_LIST_TYPE`` or ``LISTED_ON``, a date or
        year that is not one, a reference number given twice.
    """
    import pandas as pd

    from toolkit.sources._checks import read_bytes

    path = Path(path)
    expected = "the UN Consolidated List XML"
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        raise DataFormatError(
            path,
            f"{path.stat().st_size:,} bytes: larger than {MAX_BYTES:,}, far beyond the real "
            "list (about 2 MB); refused without reading",
        )
    # the line bound (8 MiB) holds the whole real list (2 MB) even written on one line
    raw = read_bytes(path, expected)
    if not raw.strip():
        raise DataFormatError(path, f"empty file; expected {expected}", line=1)
    root, lines = _parse(path, raw)
    if root.tag != ROOT:
        raise DataFormatError(
            path, f"root element is <{root.tag}>; expected <{ROOT}>", line=lines.get(root)
        )
    generated = _generated(path, root, lines)
    rows, seen = [], {}
    for group, (tag, kind) in GROUPS.items():
        node = root.find(group)
        if node is None:
            raise DataFormatError(
                path, f"no <{group}> under <{ROOT}>; expected {expected}", line=lines.get(root)
            )
        for elem in node.findall(tag):
            row = _entry(path, elem, kind, lines, generated)
            if row["entity_id"] in seen:
                raise DataFormatError(
                    path,
                    f"reference number {row['entity_id']} appears twice (also on line "
                    f"{seen[row['entity_id']]})",
                    line=row["line"],
                    column="REFERENCE_NUMBER",
                )
            seen[row["entity_id"]] = row["line"]
            rows.append(row)
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("listed_on", "last_updated", "generated"):
        df[col] = pd.to_datetime(df[col])
    df["dataid"] = df["dataid"].astype("int64")
    df["line"] = df["line"].astype("int64")
    df.attrs["source"] = SOURCE.provenance(
        source=str(path), vintage=f"generated {generated.isoformat()}"
    )
    return df


def un_names(entries):
    """Return the names of :func:`read_un_consolidated`'s entries, one row per name.

    Parameters
    ----------
    entries : pandas.DataFrame
        As returned by :func:`read_un_consolidated`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`NAME_COLUMNS`: ``name_type`` is ``"primary"``, ``"original script"``
        or ``"alias"``; ``quality`` the UN's alias quality (``"Good"``/``"Low"`` for
        individuals, ``"a.k.a."``/``"f.k.a."`` for entities; empty for primary names).
    """
    import pandas as pd

    rows = []
    for e in entries.itertuples(index=False):
        rows.append((e.list, e.entity_id, e.name, "primary", ""))
        if e.name_original_script:
            rows.append((e.list, e.entity_id, e.name_original_script, "original script", ""))
        for alias, quality in zip(e.aliases, e.alias_quality, strict=True):
            rows.append((e.list, e.entity_id, alias, "alias", quality))
    return pd.DataFrame(rows, columns=list(NAME_COLUMNS))
