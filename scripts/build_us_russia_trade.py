"""Build the embedded US-Russia trade tables from the real Census and Rosstat files.

Reads (never copies) ``census-country-trade/country.xlsx`` and
``rosstat-trade-by-country/96stran.xlsx`` from the shared data folder and writes:

- ``toolkit/data/us_russia_trade_monthly.csv``: Census, Russia (CTY_CODE 4621), 1992-01 to
  the end of the file's last year; months the vintage has not published are empty (NaN).
- ``toolkit/data/us_russia_trade_annual.csv``: Census annual totals (IYR/EYR) for every
  complete year, plus full-year 2024 from the USTR summary (facts.md A36-A37), flagged.
- ``toolkit/data/us_russia_trade_rosstat.csv``: Russia-reported annual trade with the USA,
  2006-2021 (sums of Rosstat's monthly figures), for the mirror view.

Run: ``.venv/bin/python scripts/build_us_russia_trade.py [SHARED_DATA_DIR]``.
Steps: read -> pure transform -> validate against facts.md -> atomic write (nothing is
written if a check fails).
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import pandas as pd

from toolkit.io import atomic_write
from toolkit.paths import embedded, shared_data_dir
from toolkit.sources import read_census_country, read_rosstat_trade

CENSUS_FILE = "census-country-trade/country.xlsx"
ROSSTAT_FILE = "rosstat-trade-by-country/96stran.xlsx"
# Checksums of the snapshots the embedded figures were derived from (pin the inputs).
SHA256 = {
    CENSUS_FILE: "4b16c664bfc35e4c3bc3b9f169e372e522dd0cb8a1150669d5a83d672eaf8149",
    ROSSTAT_FILE: "c8be8e715f822fe8d6569f35ad57ca62f266c5e44e4d47e3ce6090de1bb0d323",
}
RUSSIA = "4621"
CENSUS_ID = "census-country-2024-06"
USTR_ID = "ustr-2024-summary"
ROSSTAT_ID = "rosstat-96stran-2021"

#: Full-year 2024 from the USTR summary as quoted by the press (facts.md A36, A37; medium).
USTR_2024 = [
    # flow, value_usd_m, approx, fact_id
    ("exports", 526.1, False, "A36"),
    ("imports", 3000.0, True, "A37"),  # written as 3.0 USD billion: rounded, hence approx
]

#: facts.md A01-A32 spot checks (exports, imports), USD million rounded to 0.1.
FACTS = {
    1992: (2112.5, 481.4),
    1993: (2970.3, 1743.4),
    2008: (9334.6, 26783.0),
    2011: (8318.4, 34619.0),
    2013: (11144.7, 27085.7),
    2021: (6388.2, 29638.3),
    2022: (1656.1, 14437.1),
    2023: (599.6, 4570.8),
}


def sha256(path: Path) -> str:
    """Return the sha256 of a file, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def transform_census(monthly: pd.DataFrame, annual: pd.DataFrame):
    """Return the Russia monthly and annual tables (pure: frames in, frames out)."""
    m = monthly[monthly.cty_code == RUSSIA][["year", "month", "flow", "value_usd_m"]].copy()
    m["value_usd_m"] = m["value_usd_m"].round(6)
    m["source_id"] = CENSUS_ID
    a = annual[(annual.cty_code == RUSSIA) & (annual.months_published == 12)]
    a = a[["year", "flow", "value_usd_m"]].copy()
    a["value_usd_m"] = a["value_usd_m"].round(6)
    a["source_id"] = CENSUS_ID
    a["is_estimate"] = False
    a["approx"] = False
    a["fact_id"] = [f"A{y - 1991:02d}" for y in a.year]  # A01 = 1992 ... A32 = 2023
    a["confidence"] = "high"
    ustr = pd.DataFrame(
        [
            (2024, flow, value, USTR_ID, True, approx, fact, "medium")
            for flow, value, approx, fact in USTR_2024
        ],
        columns=list(a.columns),
    )
    a = pd.concat([a, ustr], ignore_index=True)
    return m.reset_index(drop=True), a.sort_values(["year", "flow"], ignore_index=True)


def transform_rosstat(df: pd.DataFrame) -> pd.DataFrame:
    """Return Russia-reported annual trade with the USA (Russia's view of the flows)."""
    us = df[df.partner == "USA"]
    out = us.groupby(["year", "flow"], as_index=False).agg(
        value_usd_m=("value_usd_m", lambda s: s.sum(min_count=12)),
        months=("value_usd_m", "count"),
    )
    out["value_usd_m"] = out["value_usd_m"].round(6)
    out["source_id"] = ROSSTAT_ID
    return out


def validate(monthly, annual, rosstat) -> None:
    """Check the derived tables against facts.md and against themselves; raise on mismatch."""
    a = annual[annual.source_id == CENSUS_ID].set_index(["year", "flow"]).value_usd_m
    for year, (exp, imp) in FACTS.items():
        got = (round(a[(year, "exports")], 1), round(a[(year, "imports")], 1))
        if got != (exp, imp):
            raise SystemExit(f"{year}: Census gives {got}, facts.md says {(exp, imp)}")
    sums = monthly.groupby(["year", "flow"]).value_usd_m.sum(min_count=1)
    gap = (sums.loc[a.index] - a).abs().max()
    if gap > 0.6:
        raise SystemExit(f"monthly sums differ from the annual totals by up to {gap:.2f}")
    h1 = monthly[(monthly.year == 2024) & (monthly.month <= 6)].groupby("flow").value_usd_m.sum()
    if (round(h1["exports"], 1), round(h1["imports"], 1)) != (233.9, 1881.7):  # facts A33
        raise SystemExit(f"Jan-Jun 2024 gives {h1.round(1).to_dict()}, facts A33 says 233.9/1881.7")
    if not monthly[(monthly.year == 2024) & (monthly.month > 6)].value_usd_m.isna().all():
        raise SystemExit("Jul-Dec 2024 must be missing in this vintage")
    if monthly.year.min() != 1992 or len(rosstat) != 32 or rosstat.months.ne(12).any():
        raise SystemExit("unexpected coverage of the derived tables")


def to_csv(df: pd.DataFrame) -> str:
    """Return a frame as CSV text, as the embedded files are written."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def main(argv: list[str]) -> int:
    """Build the embedded files from the real file; return the exit status."""
    root = Path(argv[1]) if len(argv) > 1 else shared_data_dir()
    if root is None:
        raise SystemExit("no shared data folder; pass it or set $SANCTIONS_TOOLKIT_SHARED_DATA")
    for rel, digest in SHA256.items():
        got = sha256(root / rel)
        if got != digest:
            print(f"warning: {rel} sha256 {got} differs from the pinned snapshot {digest}")
    census = root / CENSUS_FILE
    monthly, annual = transform_census(
        read_census_country(census, countries=[RUSSIA]),
        read_census_country(census, freq="annual", countries=[RUSSIA]),
    )
    rosstat = transform_rosstat(read_rosstat_trade(root / ROSSTAT_FILE, partners=["USA"]))
    validate(monthly, annual, rosstat)
    for name, df in (
        ("us_russia_trade_monthly.csv", monthly),
        ("us_russia_trade_annual.csv", annual),
        ("us_russia_trade_rosstat.csv", rosstat),
    ):
        atomic_write(embedded(name), to_csv(df))
        print(f"wrote {embedded(name)} ({len(df)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
