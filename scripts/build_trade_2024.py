"""Build the embedded 2024 trade tables from the Census HS10 file and the IMF IMTS export.

Reads (never copies) ``census-hs10-imports/2024-hs10-imports4621.parquet`` and
``imf-imts-russia-by-partner/RU_trade.csv`` from the shared data folder and writes:

- ``toolkit/data/us_imports_hs_2024.csv``: US imports for consumption from Russia in 2024
  (Census CON_VAL_YR, not general imports), the 12 largest HS headings and the 15 largest
  HS10 lines, each level with one row summing the rest (the rows of a level add up to the
  file's total, 2,931.8 USD million).
- ``toolkit/data/us_russia_trade_imf.csv``: Russia's trade with the United States,
  2016-2024, from the IMF (2022-2024: IMF estimates from partner data).

Run: ``.venv/bin/python scripts/build_trade_2024.py [SHARED_DATA_DIR]``.
Steps: read -> pure transform (``toolkit.themes.trade``) -> validate -> atomic write.
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import pandas as pd

from toolkit.io import atomic_write
from toolkit.paths import embedded, shared_data_dir
from toolkit.sources import read_census_hs10, read_imf_imts
from toolkit.themes.trade.goods import HS_FILE, hs_products
from toolkit.themes.trade.mirror import imf_us_rows

HS10_FILE = "census-hs10-imports/2024-hs10-imports4621.parquet"
IMTS_FILE = "imf-imts-russia-by-partner/RU_trade.csv"
IMF_OUT = "us_russia_trade_imf.csv"
SHA256 = {
    HS10_FILE: "70523972597d260cc8a2af0aaf7d1b472733060de08a3f6f811407942a82e490",
    IMTS_FILE: "41a2498342694bc2b4053d02c6ac42a4ce07fb1a55646b708c77b2559e01cdcb",
}
TOP = {"hs4": 12, "hs10": 15}


def transform(hs10: pd.DataFrame, imts: pd.DataFrame):
    """Return the product table and the IMF US rows (pure: frames in, frames out)."""
    products = pd.concat(
        [hs_products(hs10, level=level, top=n) for level, n in TOP.items()], ignore_index=True
    )
    return products, imf_us_rows(imts)


def validate(products: pd.DataFrame, imf: pd.DataFrame) -> None:
    """Check the derived tables against PROVENANCE.md and facts.md; raise on mismatch."""
    for level, part in products.groupby("level"):
        total = part.imports_for_consumption_usd_m.sum()
        if round(total, 1) != 2931.8:  # PROVENANCE.md: total 2,931.8 million
            raise SystemExit(f"{level} rows add up to {total:.1f}, not 2,931.8")
    imports = imf[imf.flow == "imports"].set_index("year").value_usd_m.round(1)
    # PROVENANCE.md / facts.md E74: Russia's imports from the US
    expected = {2021: 17519.5, 2022: 4561.7, 2023: 1638.6, 2024: 1443.2}
    if {y: imports[y] for y in expected} != expected:
        raise SystemExit(f"IMF imports from the US {imports.to_dict()}, expected {expected}")
    exports = imf[imf.flow == "exports"].set_index("year").value_usd_m
    if round(exports[2024], 1) != 1808.8:  # facts.md E74
        raise SystemExit(f"IMF exports to the US 2024 {exports[2024]:.1f}, facts E74 1,808.8")


def to_csv(df: pd.DataFrame) -> str:
    """Return a frame as CSV text, as the embedded files are written."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def main(argv: list[str]) -> int:
    """Build the embedded files from the real files; return the exit status."""
    root = Path(argv[1]) if len(argv) > 1 else shared_data_dir()
    if root is None:
        raise SystemExit("no shared data folder; pass it or set $SANCTIONS_TOOLKIT_SHARED_DATA")
    for rel, digest in SHA256.items():
        got = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        if got != digest:
            print(f"warning: {rel} sha256 {got} differs from the pinned snapshot {digest}")
    products, imf = transform(read_census_hs10(root / HS10_FILE), read_imf_imts(root / IMTS_FILE))
    validate(products, imf)
    for name, df in ((HS_FILE, products), (IMF_OUT, imf)):
        atomic_write(embedded(name), to_csv(df))
        print(f"wrote {embedded(name)} ({len(df)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
