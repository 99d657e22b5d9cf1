"""Helpers of the theme notebooks: where a source is read from, and the closing claims section.

The blocks every theme notebook used to copy live here: resolving the ``source`` parameter
(``"embedded"``, ``"cache"`` or a folder) to a file with its provenance printed, and the
audit of the theme's claims on the notebook's own data, displayed as its last section.
"""

from __future__ import annotations

__all__ = [
    "FINDING_MIMETYPE",
    "claim_line",
    "finding",
    "show_claims",
    "source_path",
    "theme_claims",
]

#: The MIME type of a finding's record, which the report's index opens on.
FINDING_MIMETYPE = "application/vnd.sanctions-toolkit.finding+json"

THEMES = ("overview", "sanctions", "resilience", "trade", "easing")


def source_path(source: str, key: str, path: str = "", *, required: bool = True) -> str:
    """Return the file (or folder) a notebook reads for one official source.

    An explicit ``path`` wins; otherwise ``source`` says where to look (see
    :func:`toolkit.sources.fetch.resolve_source`), and the provenance of what is found
    (URL, retrieval time and sha256 from its download record) is printed.

    Parameters
    ----------
    source : str
        The notebook's ``source`` parameter: ``"embedded"``, ``"cache"`` or a folder.
    key : str
        The source's key (e.g. ``"census_country"``).
    path : str
        The notebook's own path parameter for that source (``""``: none given).
    required : bool
        Raise when ``source`` is not ``"embedded"`` and lacks the file (else return ``""``).

    Returns
    -------
    str
        ``path``, or the file found, or ``""`` (embedded data; or absent and not required).

    Raises
    ------
    ParameterError
        An absent required source (naming the command that fetches it), or a folder
        that does not exist.
    """
    if path:
        return str(path)
    from toolkit.sources.fetch import provenance_note, resolve_source

    found = resolve_source(source, key, required=required)
    if found is None:
        if source not in ("embedded", "", None):
            print(f"{key}: not in {source} (optional, skipped)")
        return ""
    print(f"{key}: {provenance_note(found)}")
    return str(found)


def theme_claims(theme: str, **data):
    """Return the audit of the register's claims of one theme, on the notebook's own data.

    Parameters
    ----------
    theme : str
        ``sanctions``, ``resilience``, ``trade`` or ``easing``.
    **data
        Per dataset name, the frame the notebook works on (e.g. ``us_russia_trade=annual``):
        a profile that reads the real files re-checks the claims on them.

    Returns
    -------
    pandas.DataFrame
        See :func:`toolkit.claims.audit`, indexed by ``claim_id``.

    Raises
    ------
    ParameterError
        If the register holds no claim of ``theme``.
    """
    from toolkit.claims.html import theme_audit
    from toolkit.errors import ParameterError

    result = theme_audit(theme, **data)
    if result.empty:
        raise ParameterError(f"the claims register holds no claim of theme {theme!r}", key="theme")
    return result.set_index("claim_id", drop=False)


def claim_line(result, claim_id: str) -> str:
    """Return one Markdown line: a claim (paraphrased), what the data show, and the verdict.

    Parameters
    ----------
    result : pandas.DataFrame
        :func:`theme_claims` (or :func:`toolkit.claims.audit` indexed by ``claim_id``).
    claim_id : str
        The claim to state.

    Returns
    -------
    str
    """
    from toolkit.claims.html import claimed_text, observed_text

    row = result.loc[claim_id]
    observed = observed_text(row)
    return (
        f"Claim `{claim_id}` (paraphrased): {row['claim']}; claimed {claimed_text(row)}"
        + (f", observed {observed}" if observed else "")
        + f": **{row['verdict']}** ({row['explanation']})."
    )


def show_claims(result, theme: str) -> None:
    """Display the claims of one theme with their verdicts (a theme notebook's last section).

    Parameters
    ----------
    result : pandas.DataFrame
        :func:`theme_claims`.
    theme : str
        The theme shown.
    """
    from IPython.display import HTML, display

    from toolkit.claims.html import theme_claims_html

    display(HTML(theme_claims_html(result.reset_index(drop=True), theme)))


def _plain(value):
    """Return a JSON-ready scalar (numpy and pandas scalars become Python ones)."""
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def finding(
    theme: str, key: str, template: str, *, numbers: dict, as_of: str, figure: str | None = None
) -> str:
    """Display one finding computed from the data and hand it to the report's index.

    Parameters
    ----------
    theme : str
        One of :data:`THEMES`.
    key : str
        Identifier of the finding within its theme (stable across runs).
    template : str
        The sentence, with ``{name}`` fields filled from ``numbers`` by :meth:`str.format`
        (e.g. ``"Imports fell {factor:.1f}-fold from {base} to {year}."``).
    numbers : dict
        The values computed in the notebook from the data; never typed by hand.
    as_of : str
        The latest period the data behind the finding cover.
    figure : str, optional
        The :func:`toolkit.viz.publish.show_figure` name illustrating it (the index's thumbnail).

    Returns
    -------
    str
        The sentence as displayed.

    Raises
    ------
    ValueError
        For an unknown theme, a missing ``as_of``, or a template field not in ``numbers``.
    """
    from IPython.display import display

    if theme not in THEMES:
        raise ValueError(f"finding {key!r}: theme must be one of {THEMES}, not {theme!r}")
    if not as_of:
        raise ValueError(f"finding {key!r}: as_of (the data vintage) is required")
    numbers = {k: _plain(v) for k, v in numbers.items()}
    try:
        text = template.format(**numbers)
    except (KeyError, IndexError) as exc:
        raise ValueError(f"finding {key!r}: template field {exc} is not in numbers") from None
    record = {"theme": theme, "key": key, "text": text, "template": template,
              "numbers": numbers, "as_of": as_of, "figure": figure}  # fmt: skip
    bundle = {
        FINDING_MIMETYPE: record,
        "text/markdown": f"**Finding.** {text} *(data as of {as_of})*",
        "text/plain": f"Finding. {text} (data as of {as_of})",
    }
    display(bundle, raw=True)
    return text
