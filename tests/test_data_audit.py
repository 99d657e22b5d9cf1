"""Data audit: every embedded row citing facts.md agrees with it; no commentary sentence is copied."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date

import pytest

import toolkit.registry as registry
from toolkit.paths import PACKAGE_DIR, PROJECT_DIR, embedded

DATA_DIR = PACKAGE_DIR / "data"
RANK = {"low": 0, "medium": 1, "high": 2}
ID_COLUMNS = ("fact_id", "fact_ids", "basis_fact_ids", "context_fact_ids")
# Sources cited beside a facts.md row, each documented in its rows and in the catalog
# (authority_map: EU unanimity and six-monthly renewal are "not a facts.md row").
EXTRA_SOURCES = {
    "http://tass.com/world/953652",
    "https://www.einpresswire.com/article/684683979/russia-s-war-of-aggression-against-ukraine-"
    "council-renews-economic-sanctions-for-a-further-6-months",
}
# Per file: columns holding a number or a date that must appear in the cited facts' text.
NUMBER_COLUMNS = {
    "price_caps.csv": ("cap_usd_per_bbl",),
    "resilience_indicators.csv": ("value",),
    "us_imports_from_russia_goods.csv": ("value_usd_m", "share_pct"),
    "us_imports_2021_banned.csv": ("imports_2021_usd_m",),
    "authority_map.csv": ("min_wait_days",),
    "us_designation_counts.csv": ("count",),
    "oil_market_prices.csv": ("usd_per_bbl",),
}
DATE_COLUMNS = {
    "measures.csv": ("announced_date", "effective_date"),
    "events.csv": ("date",),
    "price_caps.csv": ("start_date",),
    "us_programs_history.csv": ("start_date", "end_date"),
    "us_russia_contacts_2025.csv": ("date",),
}
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def _csv_rows(path):
    text = "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    )
    return list(csv.DictReader(io.StringIO(text)))


def _citing_rows():
    """(file, line, row) for every embedded CSV row that names a facts.md id."""
    out = []
    for path in sorted(DATA_DIR.glob("*.csv")):
        rows = _csv_rows(path)
        if not rows or not set(ID_COLUMNS) & set(rows[0]):
            continue
        for line, row in enumerate(rows, start=2):
            out.append(pytest.param(path.name, row, id=f"{path.name}:{line}"))
    return out


def _ids(row):
    ids = []
    for col in ID_COLUMNS:
        ids += [x.strip() for x in re.split(r"[;,]", row.get(col) or "") if x.strip()]
    return ids


@pytest.fixture(scope="session")
def facts(shared_data):
    """facts.md rows by id: the columns of its tables (value, source, publisher, confidence...)."""
    path = shared_data.parent / "reference" / "facts.md"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    text = path.read_text(encoding="utf-8")
    rows, header = {}, None
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "id":
            header = cells
        elif header and re.fullmatch(r"[A-E]\d{2,3}", cells[0]):  # E: the 2026-12-03 addendum
            rows[cells[0]] = dict(zip(header, cells, strict=True))
    # A 46, B 59, C 20, D 16 (the fact sheet's own counts)
    assert sum(1 for i in rows if i[0] in "ABCD") == 141
    return rows


def _fact_text(facts, ids):
    return " ".join(" ".join(facts[i].values()) for i in ids)


def _numbers(text):
    text = text.replace(",", "").replace("−", "-")
    found = {abs(float(x)) for x in re.findall(r"\d+(?:\.\d+)?", text)}
    if "2/3" in text:
        found.add(66.7)
    if "1/3" in text:
        found.add(33.3)
    return found


def _dates(text):
    """Every date the text writes (ISO, '17 Mar 2014', 'March 17, 2014', 'July 1991', '1975')."""
    found = set()
    for y, m, d in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        found |= {f"{y}-{m}-{d}", f"{y}-{m}", y}
    month = r"([A-Za-z]{3,9})\.?"
    for d, mon, y in re.findall(rf"\b(\d{{1,2}}) {month} (\d{{4}})\b", text):
        if mon.lower() in MONTHS:
            found.add(date(int(y), MONTHS[mon.lower()], int(d)).isoformat())
    for mon, d, y in re.findall(rf"\b{month} (\d{{1,2}}),? (\d{{4}})\b", text):
        if mon.lower() in MONTHS:
            found.add(date(int(y), MONTHS[mon.lower()], int(d)).isoformat())
    for mon, y in re.findall(rf"\b{month} (\d{{4}})\b", text):
        if mon.lower() in MONTHS:
            found.add(f"{y}-{MONTHS[mon.lower()]:02d}")
    found |= set(re.findall(r"\b(?:19|20)\d\d\b", text))
    return found


@pytest.mark.parametrize(("name", "row"), _citing_rows())
def test_row_agrees_with_facts(facts, name, row):
    """Known ids; confidence never above the weakest cited fact; sources, figures and dates from them."""
    ids = _ids(row)
    if not ids:
        # context ids are optional; a cited fact row (one with a confidence mark) needs one,
        # except the documented invasion date, which has no facts.md row of its own
        if "confidence" in row:
            assert name == "events.csv" and row["date"] == "2022-02-24", row
        return
    unknown = [i for i in ids if i not in facts]
    assert not unknown, f"unknown facts.md ids {unknown}"
    for i in ids:
        assert facts[i]["confidence"] in RANK, f"{i} is not a shippable fact ({facts[i]['value']})"
    if row.get("confidence"):
        weakest = min(ids, key=lambda i: RANK[facts[i]["confidence"]])
        assert RANK[row["confidence"]] <= RANK[facts[weakest]["confidence"]], (
            f"confidence {row['confidence']} above {weakest} ({facts[weakest]['confidence']})"
        )
    text = _fact_text(facts, ids)
    if row.get("source_url", "").startswith("http"):
        refs = set(re.findall(r"same (?:as|ILM note as|Census file as|file as) ([A-D]\d\d)", text))
        cited = text + _fact_text(facts, sorted(refs & set(facts)))
        for url in re.findall(r"https?://[^\s;]+", row["source_url"]):
            assert url in cited or url in EXTRA_SOURCES, f"{url} is not a source of {ids}"
    numbers = _numbers(text)
    for col in NUMBER_COLUMNS.get(name, ()):
        value = row[col].strip()
        if value and float(value) != 0:
            assert abs(float(value)) in numbers, f"{col}={value} not in facts {ids}"
    dates = _dates(text)
    for col in DATE_COLUMNS.get(name, ()):
        value = row[col].strip()
        if value:
            assert value in dates, f"{col}={value} not in facts {ids}"
    if "Australia" in row.get("jurisdiction", ""):
        assert "Australia" in text, f"no cited fact {ids} names Australia"


def test_medium_codification_is_not_shipped_as_high(facts):
    """The CAATSA codification of the Ukraine-related EOs is B24 (medium): no high row states it."""
    assert facts["B24"]["confidence"] == "medium"
    for name in ("measures.csv", "events.csv"):
        for row in _csv_rows(DATA_DIR / name):
            claims = row.get("description", "") + row.get("subcategory", "")
            if re.search(r"codif", claims):
                assert row["confidence"] != "high", (name, row.get("measure_id") or row["date"])


def test_medium_parts_of_high_facts_are_not_shipped_as_high(facts):
    """A high fact whose note marks its date (B20) or 'ongoing' status (D02) medium: rows built on that part are medium."""
    part = re.compile(r"(date|ongoing)[^|]{0,60}?\bis medium\b")
    weak = {
        i: part.search(f["note"]).group(1) for i, f in facts.items() if part.search(f["note"] or "")
    }
    assert {"B20": "date", "D02": "ongoing"}.items() <= weak.items()
    for name, dated in DATE_COLUMNS.items():
        for row in _csv_rows(DATA_DIR / name):
            for i in set(_ids(row)) & set(weak):
                uses = (
                    row.get("status") == "ongoing"
                    if weak[i] == "ongoing"
                    else any(row[c] for c in dated)
                )
                if uses:
                    assert row["confidence"] != "high", (name, i, row[next(iter(row))])


def test_us_russia_trade_2024_is_the_ustr_summary(facts):
    """Full-year 2024 rows equal facts A36 (exports, USD million) and A37 (imports, USD billion)."""
    rows = {
        r["flow"]: r
        for r in _csv_rows(embedded("us_russia_trade_annual.csv"))
        if r["year"] == "2024"
    }
    assert float(rows["exports"]["value_usd_m"]) == float(facts["A36"]["value"].split()[0])
    assert float(rows["imports"]["value_usd_m"]) == 1000 * float(facts["A37"]["value"].split()[0])
    assert {rows["exports"]["confidence"], rows["imports"]["confidence"]} == {
        facts["A36"]["confidence"]
    }


# Items facts.md records from memory only (its "Not verified" list, item 5, and the notes):
# wherever one of them appears in an embedded file, the same line flags it.
LOW_ITEMS = {
    "EO 12769": r"12769",
    "Rosstat 2022 GDP revision": r"(?i)(?:gdp|rosstat).*(?:-|−)1\.2\b",
    "NTR Act signing date": r"(?i)(?:normal trade relations|NTR).*2022-04-08",
    "North Vietnam embargo start": r"(?i)north vietnam|\b1964\b.*embargo",
    "Sudan SST removal": r"(?i)(?:terror|SST).*(?:2020-12|Dec(?:ember)? 2020)",
    "CAATSA codification section": r"(?:§|sec\. |section |\()222\b",
}
FLAGS = re.compile(r"not verified|\(low\)|low\)|from memory|NOT VERIFIED", re.I)


@pytest.mark.parametrize("item", sorted(LOW_ITEMS))
def test_memory_only_items_are_flagged_where_they_appear(item):
    pattern = re.compile(LOW_ITEMS[item])
    for path in sorted(DATA_DIR.iterdir()):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                assert FLAGS.search(line), f"{path.name}:{number} ships {item} unflagged"


def _words(text):
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').lower()
    return [w.strip(".'") for w in re.findall(r"[a-z0-9$%.']+", text) if w.strip(".'")]


def _texts():
    """Every text the toolkit ships: embedded files, catalog and theme modules, notebook cells."""
    for path in sorted(DATA_DIR.iterdir()):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted((PACKAGE_DIR).rglob("*.py")):
        yield str(path.relative_to(PROJECT_DIR)), path.read_text(encoding="utf-8")
    for path in sorted((PROJECT_DIR / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            yield f"{path.name} cell {i}", "".join(cell["source"])


def test_no_sentence_of_the_commentary_is_copied(shared_data):
    """No run of 7 consecutive words is shared with the commentary (short quoted terms are fine)."""
    seed = shared_data.parent / "seed" / "resetting-russia-us-relations.txt"
    if not seed.exists():
        pytest.skip(f"{seed} is absent")
    words = _words(seed.read_text(encoding="utf-8"))
    runs = {tuple(words[i : i + 7]) for i in range(len(words) - 6)}
    copied = []
    for where, text in _texts():
        w = _words(text)
        copied += [
            (where, " ".join(w[i : i + 7]))
            for i in range(len(w) - 6)
            if tuple(w[i : i + 7]) in runs
        ]
    assert not copied, copied[:5]


def test_claims_are_the_commentary_figures(shared_data):
    """Each figure claim's claimed value is a figure the commentary writes (or a word's reading)."""
    seed = shared_data.parent / "seed" / "resetting-russia-us-relations.txt"
    if not seed.exists():
        pytest.skip(f"{seed} is absent")
    written = _numbers(seed.read_text(encoding="utf-8"))
    # "tenfold", "thousands" (read as at least 2,000), "kept falling" (a direction: below 0)
    words = {"T-fall-factor": 10.0, "S-designations": 2000.0, "T-2023-decline": 0.0}
    checked = 0
    for row in _csv_rows(DATA_DIR / "claims_register.csv"):
        if row["kind"] != "figure" or row["relation"] not in (
            "equals",
            "greater_than",
            "less_than",
        ):
            continue
        value = abs(float(row["claimed"]))
        assert value in written or words.get(row["claim_id"]) == value, row["claim_id"]
        checked += 1
    assert checked >= 18  # the trade figures, the price cap, the designations, frozen assets


# What PROVENANCE.md says of each shared file's licence; the catalog must not claim more.
PROVENANCE_LICENCE = {
    "opensanctions": ("CC BY-NC 4.0",),
    "crea_crude": ("MIT", "GPL-3.0"),
    "armenia_trade": ("no licence",),
    "gsdb": ("no licence",),
    "gsdb_durations": ("no licence",),
    "ties": ("Morgan, Bapat and Kobayashi",),
    "ofac_sdn": ("public domain",),
    "sdn_ledger_summary": ("public domain",),
    "census_country": ("public domain",),
}
LICENCE_NAMES = re.compile(r"CC BY(?:-[A-Z]+)* \d\.\d|Apache-2\.0|GPL-3\.0|\bMIT\b|public domain")


def test_catalog_licences_are_supported(shared_data):
    provenance = (shared_data / "PROVENANCE.md").read_text(encoding="utf-8")
    datasets = {d.name: d for d in registry.list_datasets().itertuples()}
    for name, phrases in PROVENANCE_LICENCE.items():
        for phrase in phrases:
            assert phrase in datasets[name].licence, (name, datasets[name].licence)
    for d in datasets.values():
        # a named licence is one PROVENANCE.md records, or the project's own (MIT, pyproject.toml)
        for lic in LICENCE_NAMES.findall(d.licence):
            assert lic in provenance or lic == "MIT", (d.name, lic)
        assert not re.search(r"\bterms\b", d.licence), (d.name, "unsourced 'terms' claim")


def test_no_nan_or_zero_stands_for_a_cited_figure():
    """Figures cited to facts.md are never written as 0 or NaN (missing is an empty cell)."""
    for name, cols in NUMBER_COLUMNS.items():
        for row in _csv_rows(DATA_DIR / name):
            for col in cols:
                value = row[col].strip()
                assert value.lower() != "nan", (name, col)
                if value and col != "min_wait_days":
                    assert not math.isclose(float(value), 0.0), (name, col, row)


@pytest.mark.parametrize("snapshot", ["2021-08-18", "2022-02-23", "2022-03-31", "2024-05-03"])
def test_sdn_ledger_summary_equals_a_bare_count(shared_file, snapshot):
    """Counts re-made with the csv module alone (not the toolkit reader) equal the embedded summary."""
    raw = shared_file(f"ofac-sdn-snapshots/{snapshot}/sdn.csv").read_bytes()
    rows = [r for r in csv.reader(io.StringIO(raw.rstrip(b"\x1a").decode("cp1252"))) if r]
    counts = {}
    for r in rows:
        kind = r[2].strip()
        kind = "entity" if kind in ("-0-", "") else kind
        for program in {"ALL", *(p.strip("[] ") for p in r[3].split("] ["))}:
            counts[(program, kind)] = counts.get((program, kind), 0) + 1
    summary = [
        r for r in _csv_rows(embedded("sdn_ledger_summary.csv")) if r["snapshot_date"] == snapshot
    ]
    assert summary
    for r in summary:
        assert int(r["in_force"]) == counts.get((r["program"], r["entry_type"]), 0), r
    assert sum(int(r["in_force"]) for r in summary if r["program"] == "ALL") == len(rows)


def test_gsdb_durations_equal_a_bare_count(shared_file):
    """The 'all cases' rows equal end - begin + 1 and end == 2022 counted straight from GSDB_V3.csv."""
    with shared_file("gsdb-v3/GSDB_V3.csv").open(encoding="utf-8", newline="") as f:
        cases = list(csv.DictReader(f))
    counts = {}
    for c in cases:
        key = (int(c["end"]) - int(c["begin"]) + 1, c["end"] == "2022")
        counts[key] = counts.get(key, 0) + 1
    rows = [r for r in _csv_rows(embedded("gsdb_durations.csv")) if r["group_kind"] == "all"]
    got = {(int(r["duration_years"]), r["ongoing"] == "True"): int(r["n_cases"]) for r in rows}
    assert got == counts and sum(got.values()) == len(cases) == 1325
