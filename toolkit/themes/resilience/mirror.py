"""The annual mirror-trade table: embedded, or rebuilt from real files, and two tables compared."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import DataFormatError, ParameterError
from toolkit.paths import embedded
from toolkit.themes.resilience.mirror_series import (
    MIRROR_COLUMNS,
    SERIES,
    US_PARTNERS,
    armenia_exports_annual,
    crude_destinations,
    eu_exports_annual,
    us_exports_annual,
)

__all__ = ["MIRROR_FILE", "compare_annual", "load_mirror_trade", "mirror_trade_from_files"]


MIRROR_FILE = "mirror_trade_annual.csv"


def _comext_folders(folder: Path) -> list[Path]:
    """Return the folders of Comext CSV exports in ``folder`` (itself, or one per partner)."""
    if not folder.is_dir():
        raise DataFormatError(
            folder, "not a folder; expected Comext CSV exports or per-partner folders"
        )
    if any(p.suffix.lower() == ".csv" for p in folder.iterdir()):
        return [folder]
    subs = sorted(p for p in folder.iterdir() if p.is_dir())
    if not subs:
        raise DataFormatError(
            folder, "no *.csv files and no sub-folders; expected Comext CSV exports"
        )
    return subs


def mirror_trade_from_files(*, comext_dir="", census_path="", armenia_path="", crea_path=""):
    """Build the annual mirror-trade rows by running the readers on real files.

    Parameters
    ----------
    comext_dir : str or path-like
        A folder of Comext CSV exports, or one holding a folder per partner
        (like ``eurostat-comext-exports/``).
    census_path, armenia_path, crea_path : str or path-like
        The Census ``country.xlsx``, Armenia's ``arm_trade_country.csv`` and
        CREA's ``crude_ru_exports.csv``. Empty: that series is skipped.

    Returns
    -------
    pandas.DataFrame
        Mirror-trade rows (:data:`MIRROR_COLUMNS`) for the files given.
    """
    import pandas as pd

    from toolkit.sources import (
        read_armenia_trade,
        read_census_country,
        read_comext,
        read_crea_crude,
    )

    parts = []
    if comext_dir:
        for sub in _comext_folders(Path(comext_dir)):
            parts.append(eu_exports_annual(read_comext(sub), partner_dir=sub.name))
    if census_path:
        census = read_census_country(census_path, freq="annual", countries=list(US_PARTNERS))
        parts.append(us_exports_annual(census))
    if armenia_path:
        parts.append(armenia_exports_annual(read_armenia_trade(armenia_path)))
    if crea_path:
        parts.append(crude_destinations(read_crea_crude(crea_path)))
    if not parts:
        return pd.DataFrame(columns=MIRROR_COLUMNS)
    return _sorted(pd.concat(parts, ignore_index=True))


def _sorted(df):
    order = {s: i for i, s in enumerate(SERIES)}
    df = df.assign(_o=df["series"].map(order))
    df = df.sort_values(["_o", "partner", "year"], ignore_index=True).drop(columns="_o")
    df["year"] = df["year"].astype(int)
    df["months_covered"] = df["months_covered"].astype(int)
    return df


def load_mirror_trade(
    *, series=None, comext_dir="", census_path="", armenia_path="", crea_path="", full_years=False
):
    """Load annual exports to Russia and to its neighbours (embedded, or read from files).

    Parameters
    ----------
    series : list of str, optional
        Keep these of ``eu_exports``, ``us_exports``, ``armenia_exports``,
        ``crude_exports``.
    comext_dir, census_path, armenia_path, crea_path : str
        Optional real files; each one given replaces that series' embedded rows
        with rows computed by the readers (see :func:`mirror_trade_from_files`).
    full_years : bool
        Drop partial years (``months_covered < 12``: Comext 2024 = Jan–Aug,
        Census 2024 = Jan–Jun).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MIRROR_COLUMNS`; every row cites its publisher, file and vintage.
    """
    import pandas as pd

    if series is not None:
        series = [series] if isinstance(series, str) else list(series)
        unknown = [s for s in series if s not in SERIES]
        if unknown:
            raise ParameterError(
                f"unknown series {unknown}; expected some of {', '.join(SERIES)}",
                source="load_mirror_trade",
                key="series",
            )
    df = pd.read_csv(embedded(MIRROR_FILE), dtype={"year": int, "months_covered": int})
    from_files = mirror_trade_from_files(
        comext_dir=comext_dir,
        census_path=census_path,
        armenia_path=armenia_path,
        crea_path=crea_path,
    )
    if len(from_files):
        df = pd.concat([df[~df["series"].isin(from_files["series"].unique())], from_files])
        df = _sorted(df)
    if series is not None:
        df = df[df["series"].isin(series)]
    if full_years:
        df = df[df["months_covered"] == 12]
    return df.reset_index(drop=True)


def compare_annual(left, right, *, tolerance: float = 0.05):
    """Compare two mirror tables on ``series, partner, year`` (e.g. embedded vs read from files).

    Parameters
    ----------
    left, right : pandas.DataFrame
        Mirror-trade rows.
    tolerance : float
        Largest absolute difference in the series' unit counted as equal.

    Returns
    -------
    pandas.DataFrame
        ``series, partner, year, value_left, value_right, difference, equal`` for
        the rows both hold.
    """
    keys = ["series", "partner", "year"]
    out = left[keys + ["value"]].merge(
        right[keys + ["value"]], on=keys, suffixes=("_left", "_right")
    )
    out["difference"] = out["value_right"] - out["value_left"]
    out["equal"] = out["difference"].abs() <= tolerance
    return out
