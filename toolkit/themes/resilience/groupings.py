"""Product groupings for the circumvention analysis: CHPL tiers, chapters, a list, all goods.

A grouping is a long table ``group, product_code, rule``: which product codes of a trade
table (CN8 ``84715000``, HS4 ``8471``, ``TOTAL``) count in which group, and by what rule.
One product may be in several groups (a chip is in ``CHPL tier 1`` and ``chapter 85``).

Within one group no value counts twice: a CN8 code whose HS4 heading is itself in the group
is left out (the heading's total already holds it). The Eurostat workbooks of
``eurostat-cn8-exports`` mix HS4 headings and CN8 codes of the same chapter, so this matters.

Groups
------
``CHPL tier 1`` .. ``CHPL tier 4.B``, ``CHPL all tiers``
    The Common High Priority List (BIS with the EU, UK and Japan, version 2024-02-23; 50
    HS-6 codes, embedded in ``toolkit/data/chpl.csv`` with the facts.md row of each). A CN8
    code counts if it starts with the HS-6 code; only when no CN8 code of that HS-6 is in
    the data does its HS4 heading count, which is wider than the CHPL code (the rule says so).
``chapter 84`` .. ``chapter 90``
    Every product of the data in that HS chapter (machinery, electrical, aircraft,
    instruments). Only the products present in the data: in ``eurostat-cn8-exports`` that is
    the repository author's selection, not the whole chapter.
:data:`AUTHOR_GROUP`
    The CN8 codes of ``export_sanctions_codes.csv``, the repository author's list of products
    under EU export restrictions: an undocumented selection, not an official list.
:data:`ALL_GOODS`
    Product ``TOTAL`` (all goods): the control.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import DataFormatError
from toolkit.paths import embedded

__all__ = [
    "ALL_GOODS",
    "AUTHOR_GROUP",
    "CHAPTERS",
    "CHPL_ALL",
    "CHPL_FILE",
    "all_goods_group",
    "author_group",
    "chapter_groups",
    "chpl_coverage",
    "chpl_groups",
    "load_chpl",
    "product_groups",
]

CHPL_FILE = "chpl.csv"
CHPL_ALL = "CHPL all tiers"
CHAPTERS = ("84", "85", "88", "90")
ALL_GOODS = "all goods (control)"
AUTHOR_GROUP = "sanctioned list (repository author's selection, undocumented)"
GROUP_COLUMNS = ("group", "product_code", "rule")
_CHPL_COLUMNS = (
    "hs6",
    "tier",
    "tier_label",
    "version_date",
    "source_url",
    "original_url",
    "publisher",
    "confidence",
    "fact_id",
    "note",
)


def load_chpl(path=None):
    """Return the Common High Priority List: one row per HS-6 code, with its tier and source.

    Parameters
    ----------
    path : str or path-like, optional
        A CSV with the same columns; default the embedded ``toolkit/data/chpl.csv``.

    Returns
    -------
    pandas.DataFrame
        ``hs6, tier, tier_label, version_date, source_url, original_url, publisher,
        confidence, fact_id, note`` (all text; ``fact_id`` is the facts.md row).
    """
    from toolkit.sources._checks import read_csv_table

    path = Path(path) if path else embedded(CHPL_FILE)
    frame, lines = read_csv_table(path, "the CHPL table (hs6, tier, ...)", columns=_CHPL_COLUMNS)
    for code, line in zip(frame["hs6"], lines, strict=True):
        if not (len(code) == 6 and code.isdigit()):
            raise DataFormatError(
                path, f"HS-6 code {code!r} is not six digits", line=line, column="hs6"
            )
    dup = frame["hs6"].duplicated()
    if dup.any():
        at = int(dup.to_numpy().argmax())
        raise DataFormatError(
            path, f"HS-6 code {frame['hs6'].iloc[at]} appears twice", line=lines[at], column="hs6"
        )
    frame.attrs["source"] = {
        "publisher": "BIS (with the EU, UK and Japan), via fyaic/TradeSieve",
        "title": "Common High Priority List, version 2024-02-23",
        "source": str(path),
    }
    return frame


def _frame(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=list(GROUP_COLUMNS))


def _drop_nested(rows):
    """Drop, per group, CN8 codes whose HS4 heading is in the same group; and duplicates."""
    headings = {(g, c) for g, c, _ in rows if len(c) == 4}
    out, seen = [], set()
    for group, code, rule in rows:
        if (group, code) in seen or (len(code) == 8 and (group, code[:4]) in headings):
            continue
        seen.add((group, code))
        out.append((group, code, rule))
    return out


def _codes(codes) -> list[str]:
    return sorted({str(c) for c in codes})


def chpl_coverage(codes, chpl=None):
    """Say, for each CHPL HS-6 code, which product codes of the data stand for it.

    Parameters
    ----------
    codes : iterable of str
        The product codes of a trade table.
    chpl : pandas.DataFrame, optional
        As :func:`load_chpl` returns; default the embedded list.

    Returns
    -------
    pandas.DataFrame
        ``hs6, tier, fact_id, matched_by`` (``cn8``, ``hs4 heading (wider)`` or ``absent``),
        ``product_codes`` (comma-separated), ``rule``; ``attrs["chpl_version"]`` is the
        list's version date (its vintage, for the table's "data as of").
    """
    import pandas as pd

    chpl = load_chpl() if chpl is None else chpl
    codes = _codes(codes)
    rows = []
    for hs6, tier, fact in zip(chpl["hs6"], chpl["tier"], chpl["fact_id"], strict=True):
        cn8 = [c for c in codes if len(c) == 8 and c.startswith(hs6)]
        if cn8:
            by, found = "cn8", cn8
            rule = f"CN8 code starts with CHPL HS-6 {hs6}"
        elif hs6[:4] in codes:
            by, found = "hs4 heading (wider)", [hs6[:4]]
            rule = (
                f"HS4 heading {hs6[:4]} contains CHPL HS-6 {hs6}; no CN8 of {hs6} in the data "
                "(wider: the heading's other goods count too)"
            )
        else:
            by, found, rule = "absent", [], f"no CN8 of {hs6} nor heading {hs6[:4]} in the data"
        rows.append((hs6, tier, fact, by, ",".join(found), rule))
    out = pd.DataFrame(
        rows, columns=["hs6", "tier", "fact_id", "matched_by", "product_codes", "rule"]
    )
    out.attrs["chpl_version"] = ", ".join(sorted(set(chpl["version_date"].astype(str))))
    return out


def chpl_groups(codes, chpl=None):
    """Group the data's product codes by CHPL tier (``CHPL tier 1`` ...) and all tiers.

    Parameters
    ----------
    codes : iterable of str
    chpl : pandas.DataFrame, optional
        As :func:`load_chpl` returns; default the embedded list.

    Returns
    -------
    pandas.DataFrame
        ``group, product_code, rule``; the rule names the HS-6 code and the match.
    """
    coverage = chpl_coverage(codes, chpl)
    rows = []
    for tier, found, rule in zip(
        coverage["tier"], coverage["product_codes"], coverage["rule"], strict=True
    ):
        for code in filter(None, found.split(",")):
            rows.append((f"CHPL tier {tier}", code, rule))
            rows.append((CHPL_ALL, code, rule))
    return _frame(_drop_nested(rows))


def chapter_groups(codes, chapters=CHAPTERS):
    """Group the data's HS4/CN8 codes by HS chapter (``chapter 84`` ...).

    Parameters
    ----------
    codes : iterable of str
    chapters : sequence of str
        Two-digit HS chapters.

    Returns
    -------
    pandas.DataFrame
        ``group, product_code, rule``.
    """
    rows = [
        (f"chapter {ch}", c, f"code starts with HS chapter {ch} (products present in the data)")
        for ch in chapters
        for c in _codes(codes)
        if len(c) in (4, 6, 8) and c.isdigit() and c.startswith(ch)
    ]
    return _frame(_drop_nested(rows))


def author_group(path, codes):
    """Group the data's codes listed in the repository author's ``export_sanctions_codes.csv``.

    Parameters
    ----------
    path : str or path-like
        ``export_sanctions_codes.csv`` (columns ``code, product``) of vzemlys/ruimpeks: the
        author's list of products under EU export restrictions, an undocumented selection.
    codes : iterable of str
        The product codes of a trade table.

    Returns
    -------
    pandas.DataFrame
        ``group, product_code, rule`` with group :data:`AUTHOR_GROUP`.

    Raises
    ------
    DataFormatError
        A missing file, a missing ``code`` column, or a code that is not 2-8 digits.
    """
    from toolkit.sources._checks import read_csv_table

    path = Path(path)
    frame, lines = read_csv_table(
        path,
        "the repository author's export_sanctions_codes.csv (code, product)",
        columns=("code",),
    )
    listed = []
    for code, line in zip(frame["code"], lines, strict=True):
        code = code.strip()
        if not (code.isdigit() and len(code) in (2, 4, 6, 8)):
            raise DataFormatError(
                path,
                f"code {code!r} is not an HS/CN code of 2, 4, 6 or 8 digits",
                line=line,
                column="code",
            )
        listed.append(code)
    listed = set(listed)
    rule = f"listed in {path.name} (the repository author's selection, not an official list)"
    rows = [(AUTHOR_GROUP, c, rule) for c in _codes(codes) if c in listed]
    return _frame(_drop_nested(rows))


def all_goods_group(codes, total_code: str = "TOTAL"):
    """Return the control group: the data's all-goods product (``TOTAL``), if present."""
    rule = f"product {total_code}: all goods"
    return _frame([(ALL_GOODS, c, rule) for c in _codes(codes) if c == total_code])


def product_groups(codes, *, author_list=None, chpl=None):
    """Every grouping at once: CHPL tiers and all tiers, chapters, the author's list, all goods.

    Parameters
    ----------
    codes : iterable of str
        The product codes of a trade table (e.g. ``data["product_code"].cat.categories``).
    author_list : str or path-like, optional
        The author's ``export_sanctions_codes.csv``; without it that group is left out.
    chpl : pandas.DataFrame, optional
        As :func:`load_chpl` returns; default the embedded list.

    Returns
    -------
    pandas.DataFrame
        ``group, product_code, rule``.
    """
    import pandas as pd

    codes = _codes(codes)
    parts = [chpl_groups(codes, chpl), chapter_groups(codes)]
    if author_list is not None:
        parts.append(author_group(author_list, codes))
    parts.append(all_goods_group(codes))
    return pd.concat(parts, ignore_index=True)
