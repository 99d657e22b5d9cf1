"""Derive toolkit/data/mirror_trade_annual.csv from the real Comext, Census, Armstat and CREA files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.io import atomic_write
from toolkit.paths import embedded, shared_data_dir
from toolkit.themes.resilience.mirror import MIRROR_FILE, mirror_trade_from_files

# Checks against figures published elsewhere (facts.md C13, C17, C18; PROVENANCE.md): a build
# that disagrees with them writes nothing.
CHECKS = [
    ("us_exports", "Armenia", 2021, 44.5, 0.05),  # C17
    ("us_exports", "Armenia", 2023, 188.7, 0.05),  # C17
    ("us_exports", "Kyrgyzstan", 2023, 141.2, 0.05),  # C17
    ("us_exports", "Kazakhstan", 2022, 1082.0, 0.05),  # C17
    ("us_exports", "Georgia", 2023, 1512.4, 0.05),  # C18
    ("us_exports", "United Arab Emirates", 2022, 20836.1, 0.05),  # C18
    ("us_exports", "Turkey", 2021, 11927.4, 0.05),  # C18
    ("us_exports", "Russia", 2021, 6388.2, 0.05),  # facts A30 (Census exports 2021)
    ("armenia_exports", "Russia", 2021, 841.0, 1.0),  # PROVENANCE.md ≈841 m USD
    ("armenia_exports", "Russia", 2023, 3540.0, 1.0),  # PROVENANCE.md ≈3,540 m USD
]


def validate(df) -> list[str]:
    """Return the failed checks (empty when the build agrees with the published figures)."""
    problems = []
    for series, partner, year, expected, tol in CHECKS:
        got = df[(df["series"] == series) & (df["partner"] == partner) & (df["year"] == year)][
            "value"
        ]
        if len(got) != 1 or abs(float(got.iloc[0]) - expected) > tol:
            problems.append(f"{series} {partner} {year}: expected {expected}, got {got.tolist()}")
    eu = df[df["series"] == "eu_exports"].set_index(["partner", "year"])["value"]
    # C13: EU exports to Kyrgyzstan +345% and to Russia -38% from 2021 to 2022.
    for partner, pct in (("Kyrgyzstan", 345), ("Russia", -38)):
        change = 100 * (eu[(partner, 2022)] / eu[(partner, 2021)] - 1)
        if round(change) != pct:
            problems.append(f"eu_exports {partner} 2021→2022: expected {pct}%, got {change:.1f}%")
    if df.duplicated(["series", "partner", "year"]).any():
        problems.append("duplicate series/partner/year rows")
    return problems


def main(argv=None) -> int:
    """Build the embedded file from the real files; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--shared-data", type=Path, default=shared_data_dir(), help="the real-data folder"
    )
    parser.add_argument("--out", type=Path, default=embedded(MIRROR_FILE))
    args = parser.parse_args(argv)
    if args.shared_data is None:
        print("no shared data folder: set $SANCTIONS_TOOLKIT_SHARED_DATA", file=sys.stderr)
        return 2
    root = args.shared_data
    df = mirror_trade_from_files(
        comext_dir=root / "eurostat-comext-exports",
        census_path=root / "census-country-trade" / "country.xlsx",
        armenia_path=root / "armenia-trade" / "arm_trade_country.csv",
        crea_path=root / "crea-fossil" / "crude_ru_exports.csv",
    )
    problems = validate(df)
    if problems:
        print("not written; checks failed:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    df["value"] = df["value"].round(6)
    atomic_write(args.out, df.to_csv(index=False, lineterminator="\n"))
    print(f"wrote {len(df)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
