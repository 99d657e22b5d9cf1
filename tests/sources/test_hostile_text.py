"""Hostile inputs for the readers of text formats: OFAC legacy CSV (and companions),
OpenSanctions, GSDB, Comext, Armenia and CREA.

Each case damages a clean, real-shaped file (hand-written seeds, plus samples cut from the real
files in ../shared/data at test time when that folder is present) and reads it. The formats are
the sources' declared hostile-input entries (``Hostile(suite="text", ...)`` in
``toolkit/sources/<key>.py``); this module adds only what a test alone can say: the hand-written
seeds, how the reader is called and how an extra input column shows in its output. The outcome
must be the clean read (BOM, mixed line ends, swapped or extra columns), a correct shorter file
(a cut exactly at a record boundary: these formats carry no row count) or a DataFormatError
that names the file and the line or column. Any other exception, or a frame with a partial or
garbled record, fails the test. The cases per reader are printed at the end of the run.
"""

from __future__ import annotations

import csv
import functools
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile import record

from toolkit.errors import DataFormatError
from toolkit.paths import shared_data_dir
from toolkit.sources import get_source, opensanctions, source_keys
from toolkit.sources import ofac_sdn as ofac

SETTINGS = dict(
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LINE_ENDS = ("\r\n", "\n", "\r")
HUGE = 300_000  # characters in a "huge" field


@dataclass
class Seed:
    header: list[str] | None  # None: a header-less file (OFAC)
    rows: list[list[str]]
    label: str
    final_line_end: bool = True


@dataclass
class Format:
    name: str
    filename: str
    read: Callable[[Path], pd.DataFrame]
    seeds: Callable[[], list[Seed]]
    required: tuple[str, ...] = ()
    encoding: str = "utf-8"
    huge_column: str | None = None  # a free-text input column ...
    huge_output: str | None = None  # ... and the output column that returns it
    final_line_end: bool = True  # the publisher ends the last record with a line end
    quote_all: bool = False
    ofac: bool = False  # header-less, ent_num unquoted, -0- nulls, CRLF, final 0x1A
    sort: tuple[str, ...] = ()
    extra_output: Callable | None = None  # how an extra input column shows in the output
    folder: bool = False  # the reader takes the file's folder
    huge_all_rows: bool = False  # the huge column is a key the reader checks across rows

    def normalize(self, df):
        out = df
        if self.sort:
            out = out.sort_values(list(self.sort), kind="stable", ignore_index=True)
        return out.reset_index(drop=True)


# --- serialising -------------------------------------------------------------------------


def _ofac_field(j: int, value: str) -> str:
    if j == 0 or value == ofac.NULL:
        return value
    return '"' + value + '"'


def serialize(fmt: Format, seed: Seed, *, rows=None, header=None, ends=None, final=None):
    """Return (text, spans): spans are (start, content_end, end) character offsets per record."""
    rows = seed.rows if rows is None else rows
    header = seed.header if header is None else header
    final = seed.final_line_end if final is None else final
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if fmt.quote_all else csv.QUOTE_MINIMAL
    parts = []

    def line(cells):
        if fmt.ofac:
            return ",".join(_ofac_field(j, v) for j, v in enumerate(cells))
        buf = io.StringIO()
        csv.writer(buf, quoting=quoting, lineterminator="").writerow(cells)
        return buf.getvalue()

    if header is not None:
        parts.append((line(header), "\r\n" if fmt.ofac else "\n"))
    for i, cells in enumerate(rows):
        end = ends[i] if ends is not None else ("\r\n" if fmt.ofac else "\n")
        parts.append((line(cells), end))
    spans = []
    pos = 0
    for k, (body, end) in enumerate(parts):
        last = k == len(parts) - 1
        if last and not final:
            end = ""
        out.write(body + end)
        if header is None or k > 0:
            spans.append((pos, pos + len(body), pos + len(body) + len(end)))
        pos += len(body) + len(end)
    return out.getvalue(), spans


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def encode(fmt: Format, text: str, encoding: str | None = None) -> bytes:
    data = text.encode(encoding or fmt.encoding, errors="replace")
    if fmt.ofac:
        data += b"\x1a"
    return data


# --- reading and judging ------------------------------------------------------------------


def _read(fmt: Format, data: bytes):
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        path = Path(tmp) / fmt.filename
        path.write_bytes(data)
        target = path.parent if fmt.folder else path
        try:
            return fmt.read(target), None, path
        except DataFormatError as exc:
            return None, exc, path


def clean_frame(fmt: Format, seed: Seed, rows=None):
    text, _ = serialize(fmt, seed, rows=rows)
    df, err, _ = _read(fmt, encode(fmt, text))
    return df, err


def assert_located(exc: DataFormatError, path: Path):
    """A DataFormatError names the file and, for a text format, the line or column."""
    assert exc.path in (str(path), str(path.parent)), exc.path
    assert exc.line is not None or exc.column is not None or exc.row is not None, str(exc)
    assert exc.problem.strip(), str(exc)


def assert_same(fmt: Format, got, want):
    pd.testing.assert_frame_equal(fmt.normalize(got), fmt.normalize(want), check_dtype=True)


def judge(fmt, mutation, data, want, *, error_ok=True, must_error=False, check=None):
    """Read ``data``; it must equal ``want`` (or pass ``check``) or raise a located error."""
    got, exc, path = _read(fmt, data)
    if exc is not None:
        assert error_ok, f"{mutation}: {fmt.name} rejected a file it must read: {exc}"
        assert_located(exc, path)
        record(fmt.name, mutation, "error")
        return exc
    assert not must_error, f"{mutation}: {fmt.name} read a damaged file without an error"
    if check is not None:
        check(got)
    else:
        assert_same(fmt, got, want)
    record(fmt.name, mutation, "equal")
    return None


# --- seeds ------------------------------------------------------------------------------


def _real(relative: str) -> Path | None:
    base = shared_data_dir()
    if base is None or not (base / relative).exists():
        return None
    return base / relative


def _csv_rows(path: Path, encoding="utf-8-sig"):
    with open(path, encoding=encoding, newline="") as fh:
        return [r for r in csv.reader(fh) if r]


@functools.cache
def opensanctions_seeds(samples):
    cols = list(opensanctions.COLUMNS)
    hand = [
        "NK-1",
        "Person",
        "Иван Петров",
        'Ivan Petrov;"Petrov; Ivan"',
        "1970-01-01",
        "ru",
        "Moscow, ul. Tverskaya 1\nflat 2",
        "",
        "Ukraine War and Sanctions",
        "",
        "",
        "",
        "ua_war_sanctions",
        "2025-10-06T14:15:21",
        "2026-03-13T05:41:01",
        "2026-02-05T14:54:48",
    ]
    second = ["NK-2", "Company", 'OOO "Vektor"'] + [""] * 9 + hand[12:]
    seeds = [Seed(cols, [hand, second], "hand-written")]
    real = _real(samples[0])
    if real:
        rows = _csv_rows(real)
        body = rows[1:]
        tricky = [r for r in body if any("\n" in c or '"' in c for c in r)][:4]
        seeds.append(Seed(rows[0], body[:20] + tricky, "real sample"))
    return seeds


@functools.cache
def gsdb_seeds(samples):
    header = (
        "case_id,sanctioned_state,sanctioning_state,begin,end,trade,descr_trade,arms,military,"
        "financial,travel,other,target_mult,sender_mult,objective,success"
    ).split(",")
    rows = [
        "1,Cuba,United States,1962,2022,1,exp_compl,0,0,1,0,0,0,0,policy_change,ongoing".split(","),
        [
            "2",
            "Russia",
            "EU, United States",
            "2014",
            "2022",
            "1",
            "exp_part, imp_part",
            "1",
            "0",
            "1",
            "1",
            "0",
            "0",
            "1",
            "territorial_conflict, end_war",
            "ongoing, failed",
        ],
        "3,Côte d'Ivoire,UN,2004,2016,0,,1,0,1,1,0,0,0,end_war,success_part".split(","),
    ]
    seeds = [Seed(header, rows, "hand-written", final_line_end=False)]
    for rel, n in zip(samples, (30, 15), strict=True):
        real = _real(rel)
        if real:
            data = _csv_rows(real)
            # the real releases have no line end after the last record
            seeds.append(Seed(data[0], data[1 : n + 1] + data[-3:], f"real {rel}", False))
    return seeds


@functools.cache
def armenia_seeds(samples):
    from toolkit.sources.armenia_trade import COLUMNS

    rows = [
        ["Russian Federation", "2021", "1", "55000.5", "70000", "71000.25", "2021-01-01"],
        ["Russian Federation", "2021", "2", "", "65000", "66000", "2021-02-01"],
        ["Türkiye", "2021", "1", "1200", "9000.75", "9100", "2021-01-01"],
    ]
    seeds = [Seed(list(COLUMNS), rows, "hand-written")]
    real = _real(samples[0])
    if real:
        data = _csv_rows(real)
        seeds.append(Seed(data[0], data[1:31], "real sample"))
    return seeds


@functools.cache
def crea_seeds(samples):
    seeds = [
        Seed(
            ["date", "China", "India", "Türkiye"],
            [["2021", "39269.8", "4525.9", "10490.4"], ["2022", "53166.4", "43853.3", ""]],
            "hand-written",
        )
    ]
    real = _real(samples[0])
    if real:
        data = _csv_rows(real)
        seeds.append(Seed(data[0], data[1:], "real file"))
    return seeds


@functools.cache
def comext_seeds(samples):
    from toolkit.sources.comext import COLUMNS

    def row(reporter, value):
        return [
            reporter,
            "Russian Federation (Russia)",
            "Total",
            "EXPORT",
            "Total",
            "Aug. 2024",
            value,
        ]

    hand = [
        row("Austria", "100"),
        row("Germany", "250"),
        row("European Union - 27 countries (AT, BE, BG, CY, CZ, DE, ...)", "350"),
    ]
    seeds = [Seed(list(COLUMNS), hand, "hand-written")]
    real = _real(samples[0])
    if real:
        data = _csv_rows(real)
        seeds.append(Seed(data[0], data[1:], "real file"))
    return seeds


def _ofac_rows(path: Path, n: int, ents=None):
    with open(path, encoding="cp1252", newline="") as fh:
        text = fh.read().rstrip("\x1a")
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    if ents is not None:
        return [r for r in rows if int(r[0]) in ents][:n]
    plain = rows[:n]
    accented = [r for r in rows if not all(c.isascii() for c in r[1])][:4]
    return plain + [r for r in accented if r not in plain]


@functools.cache
def ofac_seeds(kind: str, samples):
    null = ofac.NULL
    hand = {
        "sdn": [
            [
                "36",
                "AEROCARIBBEAN AIRLINES",
                null,
                "CUBA",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
            ],
            [
                "173",
                "ANGLO-CARIBBEAN CO., LTD.",
                null,
                "CUBA] [RUSSIA-EO14024",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "a.k.a. 'ÉCLAIR'.",
            ],
            [
                "306",
                "KARPOV, Ivan",
                "individual",
                "RUSSIA-EO14024",
                "Director",
                null,
                null,
                null,
                null,
                null,
                null,
                "DOB 1970; nationality Russia.",
            ],
            [
                "7001",
                "OCEAN STAR",
                "vessel",
                "IRAN",
                null,
                "9HA123",
                "Crude Oil Tanker",
                null,
                "81,000",
                "Malta",
                "NITC",
                null,
            ],
        ],
        "add": [
            ["36", "25", null, "Havana", "Cuba", null],
            ["173", "129", "Ibex House, The Minories", "London EC3N 1DY", "United Kingdom", null],
        ],
        "alt": [
            ["36", "12", "aka", "AERO-CARIBBEAN", null],
            ["306", "13", "fka", "KARPOW, Iwan", null],
        ],
        "comments": [["306", "ÉMIGRÉ remarks continued."]],
    }[kind]
    seeds = [Seed(None, hand, "hand-written")]
    real = _real(samples[0])
    if real:
        seeds.append(Seed(None, _ofac_rows(real, 25), f"real {real.name}"))
    return seeds


def _read_ofac(columns):
    """Read one companion file of an OFAC list set on its own."""
    return lambda path: ofac.read_legacy_csv(path, columns)


def _crea_extra(got, name):
    return got[got["destination"] != name].reset_index(drop=True)


def _drop_column(got, name):
    return got.drop(columns=[name]) if name in got.columns else got


@dataclass(frozen=True)
class Extras:
    """What only the test says of a format: its hand-written seeds and how it is read."""

    seeds: Callable  # seeds(samples) -> list[Seed]
    read: Callable | None = None  # default: the source's reader
    extra_output: Callable | None = None


#: Per hostile entry (``key`` or ``key file`` for the companion files of a list set).
EXTRAS = {
    "ofac_sdn": Extras(functools.partial(ofac_seeds, "sdn")),
    "ofac_sdn add.csv": Extras(functools.partial(ofac_seeds, "add")),
    "ofac_sdn alt.csv": Extras(functools.partial(ofac_seeds, "alt")),
    "ofac_sdn sdn_comments.csv": Extras(functools.partial(ofac_seeds, "comments")),
    "ofac_consolidated": Extras(functools.partial(ofac_seeds, "sdn")),  # same record layout
    "opensanctions": Extras(opensanctions_seeds, extra_output=_drop_column),
    "gsdb": Extras(gsdb_seeds),
    "armenia_trade": Extras(armenia_seeds),
    "crea_crude": Extras(crea_seeds, extra_output=_crea_extra),
    "comext": Extras(
        comext_seeds,  # every reporter kind: the damage may hit an aggregate row
        read=functools.partial(get_source("comext").read_function(), include="all"),
    ),
}


def _formats() -> dict[str, Format]:
    """The text formats of the hostile suite: every declared ``Hostile(suite="text")`` entry."""
    out = {}
    for key in source_keys():
        src = get_source(key)
        for h in src.hostile:
            if h.suite != "text":
                continue
            name = f"{key} {h.file}" if h.part else key
            extras = EXTRAS[name]
            read = extras.read or (_read_ofac(h.required) if h.part else src.read_function())
            out[name] = Format(
                name,
                h.file,
                read,
                functools.partial(extras.seeds, h.samples),
                required=tuple(h.required),
                encoding=h.encoding,
                huge_column=h.huge_column,
                huge_output=h.huge_output,
                final_line_end=h.final_line_end,
                quote_all=h.quote_all,
                ofac=h.legacy_ofac,
                sort=h.sort,
                extra_output=extras.extra_output,
                folder=h.folder,
                huge_all_rows=h.huge_all_rows,
            )
    return out


FORMATS = _formats()
NAMES = list(FORMATS)


def test_every_declared_text_format_has_its_hand_written_seeds():
    declared = {
        f"{s} {h.file}" if h.part else s
        for s in source_keys()
        for h in get_source(s).hostile
        if h.suite == "text"
    }
    assert declared == set(EXTRAS) == set(FORMATS)


def seed_of(fmt: Format, data) -> Seed:
    seeds = fmt.seeds()
    return seeds[data.draw(st.integers(0, len(seeds) - 1), label="seed")]


def header_of(fmt: Format, seed: Seed):
    return seed.header if seed.header is not None else list(fmt.required)


def permuted(header, rows, order):
    return [header[j] for j in order], [[r[j] for j in order] for r in rows]


# --- the properties -----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=4, **SETTINGS)
@given(data=st.data())
def test_clean_bom_and_mixed_line_ends_read_the_same(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    want, err = clean_frame(fmt, seed)
    assert err is None, f"the clean seed ({seed.label}) must read: {err}"
    assert len(want) >= len(seed.rows) or fmt.name == "crea_crude"
    text, _ = serialize(fmt, seed)
    judge(fmt, "clean", encode(fmt, text), want, error_ok=False)
    # a UTF-8 byte-order mark (Excel's "CSV UTF-8"; for OFAC a re-saved copy)
    judge(fmt, "bom", b"\xef\xbb\xbf" + encode(fmt, text, "utf-8"), want, error_ok=False)
    ends = data.draw(
        st.lists(st.sampled_from(LINE_ENDS), min_size=len(seed.rows), max_size=len(seed.rows))
    )
    mixed, _ = serialize(fmt, seed, ends=ends)
    judge(fmt, "mixed line ends", encode(fmt, mixed), want, error_ok=False)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=12, **SETTINGS)
@given(data=st.data())
def test_swapped_columns(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    want, _ = clean_frame(fmt, seed)
    header = header_of(fmt, seed)
    order = data.draw(st.permutations(range(len(header))))
    h, rows = permuted(header, seed.rows, order)
    text, _ = serialize(fmt, seed, rows=rows, header=None if fmt.ofac else h)
    if not fmt.ofac:
        judge(fmt, "swapped columns", encode(fmt, text), want, error_ok=False)
        return

    # A header-less OFAC file cannot say which column is which: a swap is caught where a
    # column has a checked form (ent_num, SDN_Type), and otherwise reads as the same rows.
    def same_shape(got):
        assert len(got) == len(want) and list(got.columns) == list(want.columns)

    judge(fmt, "swapped columns", encode(fmt, text), want, check=same_shape)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=8, **SETTINGS)
@given(data=st.data())
def test_extra_column(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    want, _ = clean_frame(fmt, seed)
    header = header_of(fmt, seed)
    at = data.draw(st.integers(0, len(header)))
    values = data.draw(
        st.lists(
            st.sampled_from(["1", "x", "", "note, with comma"]),
            min_size=len(seed.rows),
            max_size=len(seed.rows),
        )
    )
    extra = "Zz extra" if fmt.name == "crea_crude" else "zz_extra"
    if fmt.name == "crea_crude":
        values = [v if v in ("1", "") else "2" for v in values]
    h = header[:at] + [extra] + header[at:]
    rows = [r[:at] + [v] + r[at:] for r, v in zip(seed.rows, values, strict=True)]
    text, _ = serialize(fmt, seed, rows=rows, header=None if fmt.ofac else h)
    if fmt.ofac:  # a fixed field count: one field more is an error
        judge(fmt, "extra column", encode(fmt, text), want, must_error=True)
        return

    def check(got):
        shown = fmt.extra_output(got, extra) if fmt.extra_output else got
        assert_same(fmt, shown, want)

    judge(fmt, "extra column", encode(fmt, text), want, error_ok=False, check=check)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=8, **SETTINGS)
@given(data=st.data())
def test_missing_column_is_named(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    header = header_of(fmt, seed)
    gone = data.draw(st.sampled_from([c for c in fmt.required if c in header]))
    j = header.index(gone)
    h = header[:j] + header[j + 1 :]
    rows = [r[:j] + r[j + 1 :] for r in seed.rows]
    text, _ = serialize(fmt, seed, rows=rows, header=None if fmt.ofac else h)
    exc = judge(fmt, "missing column", encode(fmt, text), None, must_error=True)
    if not fmt.ofac:  # with a header the error names the column
        assert gone in str(exc), str(exc)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=60, **SETTINGS)
@given(data=st.data())
def test_truncated_file_never_loses_rows_silently(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    text, spans = serialize(fmt, seed)
    full = encode(fmt, text)
    if fmt.ofac:  # the final 0x1A byte may be cut too
        cut = data.draw(st.integers(0, len(full) - 1), label="cut byte")
    else:
        cut = data.draw(st.integers(0, len(text.encode(fmt.encoding)) - 1), label="cut byte")
    damaged = full[:cut]
    # records whose content is wholly before the cut (character offsets -> bytes)
    complete = sum(
        1 for _, content_end, _ in spans if len(text[:content_end].encode(fmt.encoding)) <= cut
    )
    got, exc, path = _read(fmt, damaged)
    if exc is not None:
        assert_located(exc, path) if cut else None
        assert exc.path in (str(path), str(path.parent))
        record(fmt.name, "truncated", "error")
        return
    # It read: then exactly the complete records, equal to the clean file's first ones, and
    # nothing of a record cut in the middle (that one must be an error, not dropped).
    n = len(seed.rows)
    if complete < n:
        start_next = len(text[: spans[complete][0]].encode(fmt.encoding))
        if cut > start_next:
            # only a record whose cut lost nothing may be read (OFAC: a cut inside its
            # last -0- null marker), and then exactly as in the clean file
            complete += 1
    if complete == 0:
        assert len(got) == 0, f"{len(got)} rows read from a file cut before its first record"
    else:
        want, err = clean_frame(fmt, seed, rows=seed.rows[:complete])
        assert err is None
        assert_same(fmt, got, want)
    record(fmt.name, "truncated", "equal" if complete == n else "prefix")


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=3, **SETTINGS)
@given(data=st.data())
def test_empty_and_header_only_files(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    blank = data.draw(st.sampled_from([b"", b"\n", b"\r\n  \r\n", b"\x1a", b"\xef\xbb\xbf"]))
    judge(fmt, "empty", blank, None, must_error=True)
    if not fmt.ofac:
        text, _ = serialize(fmt, seed, rows=[])
        got, exc, path = _read(fmt, encode(fmt, text))
        if exc is None:
            assert len(got) == 0
            record(fmt.name, "header only", "equal")
        else:
            assert_located(exc, path)
            record(fmt.name, "header only", "error")


@pytest.mark.parametrize("name", [n for n in NAMES if FORMATS[n].huge_column])
@settings(max_examples=3, **SETTINGS)
@given(data=st.data())
def test_huge_field_reads_whole(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    header = header_of(fmt, seed)
    j = header.index(fmt.huge_column)
    i = data.draw(st.integers(0, len(seed.rows) - 1))
    letter = data.draw(st.sampled_from(["A", "é", "Ж"] if fmt.encoding == "utf-8" else ["A", "é"]))
    huge = "Big " + letter * HUGE
    rows = [list(r) for r in seed.rows]
    for k in range(len(rows)) if fmt.huge_all_rows else [i]:
        rows[k][j] = huge
    text, _ = serialize(fmt, seed, rows=rows)

    def check(got):
        assert (got[fmt.huge_output] == huge).sum() >= 1, "the huge field was not returned whole"

    judge(fmt, "huge field", encode(fmt, text), None, error_ok=False, check=check)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=8, **SETTINGS)
@given(data=st.data())
def test_wrong_encoding(name, data):
    fmt = FORMATS[name]
    seed = seed_of(fmt, data)
    want, _ = clean_frame(fmt, seed)
    text, _ = serialize(fmt, seed)
    # (for OFAC, Latin-1 and CP1251 bytes are valid CP1252: no reader can tell them apart)
    choices = (
        ["utf-16", "utf-16-le", "utf-8"]
        if fmt.ofac
        else ["utf-16", "utf-16-le", "cp1251", "latin-1", "cp1252"]
    )
    # only encodings that hold every character: a "?" for a lost one would be another file
    choices = [c for c in choices if _encodes(text, c)]
    encoding = data.draw(st.sampled_from(choices))
    damaged = encode(fmt, text, encoding)
    same_bytes = damaged == encode(fmt, text)
    judge(fmt, "wrong encoding", damaged, want, must_error=not same_bytes)
