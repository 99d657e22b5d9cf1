"""The index as a research brief: the runs' findings per theme, with thumbnails and vintages.

The findings are the records :func:`toolkit.notebook.finding` displayed (collected as
``findings``); each one's figure is the run's written SVG (:mod:`toolkit.report.figures`),
shown as a thumbnail that links to the figure in its notebook page. The data-sources
appendix gets each dataset's age on the run date and a stale flag (:mod:`toolkit.periods`).
"""

from __future__ import annotations

import datetime as dt

from toolkit.periods import age_text, is_stale

__all__ = ["THEME_ORDER", "findings_by_theme", "run_date", "with_ages"]

#: The themes in the brief's order (``toolkit.notebook.THEMES``); others follow, sorted.
THEME_ORDER = ("overview", "sanctions", "resilience", "trade", "easing")


def run_date(generated: str) -> dt.date | None:
    """Return the date of a ``generated`` stamp (``2026-12-03 15:40 UTC``), or None."""
    try:
        return dt.date.fromisoformat(str(generated)[:10])
    except ValueError:
        return None


def _notebook(run) -> dict:
    return {"name": run.notebook, "link": run.outputs.get("html") or "", "purpose": run.purpose}


def _finding(record: dict, run) -> dict:
    """Return the brief's view of one finding record: its text, vintage and figure links."""
    figure = None
    name = record.get("figure")
    for entry in run.figures or []:
        if name and entry.get("name") == name:
            page = run.outputs.get("html")
            figure = {
                "svg": entry["svg"],
                "href": f"{page}#figure-{name}" if page else entry["svg"],
                "title": entry.get("title") or name,
            }
    return {
        "text": str(record.get("text", "")),
        "as_of": str(record.get("as_of", "")),
        "figure": figure,
        "thumb": False,
        "notebook": run.notebook,
    }


def findings_by_theme(results) -> tuple[list[dict], list[dict]]:
    """Return the findings grouped by theme, and the runs that recorded none.

    Parameters
    ----------
    results : list of RunResult
        The runs; a finding recorded by several runs (sweep variants) is shown once, from
        the first.

    Returns
    -------
    themes : list of dict
        ``theme``, ``notebooks`` (name, link, purpose of the runs that gave its findings)
        and ``findings`` (text, as_of, figure: svg/href/title or None, thumb: whether
        it is the first finding of the theme showing that figure), in :data:`THEME_ORDER`.
    without : list of dict
        The runs without findings: name, link, purpose, status.
    """
    themes: dict[str, dict] = {}
    seen: set = set()
    without = []
    for run in results:
        records = run.collected.get("findings") or []
        if not records:
            without.append(_notebook(run) | {"status": run.status})
            continue
        for record in records:
            theme = str(record.get("theme", ""))
            ident = (theme, record.get("key"), record.get("text") if not record.get("key") else "")
            if ident in seen:
                continue
            seen.add(ident)
            group = themes.setdefault(
                theme, {"theme": theme, "notebooks": [], "findings": [], "thumbs": set()}
            )
            if run.notebook not in [n["name"] for n in group["notebooks"]]:
                group["notebooks"].append(_notebook(run))
            item = _finding(record, run)
            if item["figure"] is not None:  # the thumbnail once per figure; later ones link it
                item["thumb"] = item["figure"]["svg"] not in group["thumbs"]
                group["thumbs"].add(item["figure"]["svg"])
            group["findings"].append(item)
    order = {t: i for i, t in enumerate(THEME_ORDER)}
    ranked = sorted(themes.values(), key=lambda g: (order.get(g["theme"], len(order)), g["theme"]))
    return ranked, without


def with_ages(rows: list[dict], on: dt.date | None) -> list[dict]:
    """Add each source row's ``age`` on the run date and its ``stale`` flag.

    A row without a declared ``as_of`` gets the age "not declared"; without a run date,
    no age at all (empty).
    """
    out = []
    for row in rows:
        as_of, cadence = row.get("as_of", ""), row.get("cadence", "")
        row = dict(row, age="", stale=False)
        if on is not None:
            try:
                row["age"] = age_text(as_of, on) if as_of else "not declared"
                row["stale"] = bool(as_of) and is_stale(as_of, cadence or None, on)
            except ValueError:
                row["age"] = f"unreadable as_of {as_of!r}"
        out.append(row)
    return out
