"""HTML views of a claims audit: the argument map, a theme's claims, the data-sources appendix.

Every text inserted is escaped (``html.escape``); only the toolkit's own tags are raw.
"""

from __future__ import annotations

import html

from toolkit.claims.audit import MIMETYPE, VERDICTS, format_value, summary_record

__all__ = [
    "argument_map_html",
    "claimed_text",
    "claims_table_html",
    "display_summary",
    "observed_text",
    "sources_html",
    "theme_audit",
    "theme_claims_html",
    "vintage_line",
]

_COLOURS = {
    "consistent": "#1e7b34",
    "inconsistent": "#b00020",
    "different-source": "#a05a00",
    "same-source": "#1f5f8b",
    "unverifiable": "#555555",
}
SOURCE_KEYS = ("publisher", "title", "source", "vintage", "licence")
# Left-aligned, top-aligned cells (the notebook front ends right-align table cells).
_STYLE = (
    "<style>table.claims td, table.claims th, table.sources td, table.sources th "
    "{text-align: left; vertical-align: top;}</style>"
)


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _verdict(v: str) -> str:
    colour = _COLOURS.get(v, "#222")
    return f'<strong style="color:{colour}">{_e(v)}</strong>'


def claimed_text(row) -> str:
    """Return the claimed value as the claim states it (``> 2000 count``, ``before 2025-03-14``)."""
    if row["claimed"] is None or row["claimed"] == "":
        return ""
    c = row["claimed"]
    text = f"{c:g}" if isinstance(c, float) else str(c)
    sign = {"greater_than": "> ", "less_than": "< ", "before": "before ", "includes": ">= "}
    unit = "" if row["unit"] == "date" else row["unit"]
    return f"{sign.get(row['relation'], '')}{text} {unit}".strip()


def observed_text(row) -> str:
    """Return the observed value with its unit (``4.45 times``, ``30 days``; ``""``: none)."""
    o = row["observed"]
    if o is None or (isinstance(o, float) and o != o):
        return ""
    if isinstance(o, str):
        return o
    unit = row.get("observed_unit") or row.get("unit") or ""
    return format_value(float(o), "" if unit == "date" else str(unit))


def _note(row) -> str:
    """Return the register's note on a claim (how it is read), unless the explanation says it."""
    note = str(row.get("note") or "")
    if not note or note in str(row.get("explanation", "")):
        return ""
    return f"<br><em>note: {_e(note)}</em>"


def claims_table_html(result, *, link_suffix: str = "", columns=None) -> str:
    """Return an HTML table of audited claims: claim, claimed, observed, verdict, why.

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`toolkit.claims.audit` (or some of its rows).
    link_suffix : str
        ``".html"`` or ``".ipynb"`` to link each claim to its theme notebook; ``""``: no link.
    """
    rows = []
    for r in result.to_dict("records"):
        where = _e(r["notebook"])
        if link_suffix and r["notebook"]:
            href = html.escape(f"{r['notebook']}{link_suffix}", quote=True)
            where = f'<a href="{href}">{where}</a>'
        rows.append(
            "<tr>"
            f"<td><code>{_e(r['claim_id'])}</code></td>"
            f"<td>{_e(r['claim'])}<br><small>{_e(r['period'])}</small></td>"
            f"<td>{_e(claimed_text(r))}</td>"
            f"<td>{_e(observed_text(r))}</td>"
            f"<td>{_verdict(r['verdict'])}</td>"
            f"<td><small>{_e(r['explanation'])}{_note(r)}</small></td>"
            f"<td><small>{_e(r['observed_source'])}"
            + (f" ({_e(r['evidence_confidence'])})" if r["evidence_confidence"] else "")
            + "</small></td>"
            f"<td>{where}</td>"
            "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "id",
            "claim (paraphrased)",
            "claimed",
            "observed",
            "verdict",
            "explanation",
            "source",
            "shown in",
        )
    )
    return (
        f'{_STYLE}<table class="claims"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def vintage_line(result) -> str:
    """Return the "Data as of" line of an audit: each dataset it read, with its latest period.

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`toolkit.claims.audit` (its ``attrs["datasets"]``: the provenance
        of every dataset the checks read, with ``as_of``).

    Returns
    -------
    str
        An HTML paragraph, every value escaped.
    """
    records = result.attrs.get("datasets") or []
    parts = [
        f"{_e(d.get('name'))} {_e(d.get('as_of') or 'not declared')}"
        for d in sorted(records, key=lambda d: str(d.get("name")))
    ]
    text = (
        "; ".join(parts)
        if parts
        else "no dataset read (every claim here is context or unverifiable)"
    )
    return f'<p class="claims-vintage"><small>Data as of: {text}.</small></p>'


def argument_map_html(result, *, link_suffix: str = ".html") -> str:
    """Return the commentary's argument map: one heading per section, its claims below."""
    parts = [vintage_line(result)]
    for section, group in result.groupby("section", sort=False):
        counts = ", ".join(
            f"{n} {v}" for v in VERDICTS if (n := int((group["verdict"] == v).sum()))
        )
        parts.append(f"<h3>{_e(section or 'unsectioned')}</h3><p>{_e(counts)}</p>")
        parts.append(claims_table_html(group, link_suffix=link_suffix))
    return "".join(parts)


def theme_claims_html(result, theme: str) -> str:
    """Return the claims of one theme with their verdicts (for a theme notebook's last section)."""
    group = result[result["theme"] == theme]
    if group.empty:
        return f"<p>No claim of the register concerns the theme {_e(theme)}.</p>"
    counts = ", ".join(f"{n} {v}" for v in VERDICTS if (n := int((group["verdict"] == v).sum())))
    return (
        f"<p>{len(group)} claim(s): {_e(counts)}.</p>"
        + vintage_line(result)
        + claims_table_html(group)
    )


def sources_html(datasets) -> str:
    """Return the data-sources appendix: publisher, title, URL or file, vintage, licence.

    Rendered by the report's one template of that table
    (:func:`toolkit.report.html.sources_table_html`), as in the batch index.
    """
    from toolkit.report.html import sources_table_html

    return _STYLE + sources_table_html(datasets)


def theme_audit(theme: str, **data_options):
    """Audit only the register's claims of one theme (loads only the data they need)."""
    from toolkit.claims import load_register
    from toolkit.claims.audit import audit

    register = load_register()
    return audit(register[register["theme"] == theme].reset_index(drop=True), **data_options)


def display_summary(result) -> dict:
    """Display the audit's summary under :data:`MIMETYPE` (the batch index reads it)."""
    from IPython.display import display

    record = summary_record(result)
    text = ", ".join(f"{n} {v}" for v, n in record["verdicts"].items())
    display({MIMETYPE: record, "text/plain": f"{record['claims']} claims: {text}"}, raw=True)
    return record
