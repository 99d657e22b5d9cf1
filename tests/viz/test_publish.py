"""show_figure, show_table and finding: what a reader sees and what the report receives."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

from toolkit import __version__  # noqa: E402
from toolkit.notebook import FINDING_MIMETYPE, finding  # noqa: E402
from toolkit.report.hooks import collect  # noqa: E402
from toolkit.viz.publish import (  # noqa: E402
    FIGURE_MIMETYPE,
    citation,
    format_table,
    show_figure,
    show_table,
)


@pytest.fixture
def shown(monkeypatch):
    """Capture what IPython's display() publishes, as a list of (data bundle) dicts."""
    shell = InteractiveShell.instance()
    bundles = []
    monkeypatch.setattr(shell.display_pub, "publish", lambda data, *a, **k: bundles.append(data))
    return bundles


def test_citation_resolves_datasets_source_keys_and_text():
    text = citation(["us_russia_trade", "ofac_sdn", "facts.md E12"], as_of="2024-06")
    assert "US Census Bureau" in text and "OFAC" in text and "facts.md E12" in text
    assert text.endswith(f"Data as of 2024-06. sanctions-toolkit {__version__}")


def test_show_figure_hands_svg_and_exactly_the_plotted_data(shown):
    data = pd.DataFrame({"year": [2021, 2022], "value_usd_m": [29638.3, 14466.4]})
    fig, ax = plt.subplots()
    ax.plot(data.year, data.value_usd_m)
    record = show_figure(
        ax, "imports", data=data, sources="us_russia_trade", as_of="2024-06", title="US imports"
    )
    assert record["svg"].lstrip().startswith("<?xml") and "Data as of 2024-06" in record["svg"]
    assert pd.read_csv(__import__("io").StringIO(record["csv"])).equals(data)
    raw = [b for b in shown if FIGURE_MIMETYPE in b]
    assert len(raw) == 1 and raw[0]["text/plain"] == record["citation"]
    assert "US Census Bureau" in raw[0]["text/html"]
    assert any("image/png" in b for b in shown)  # the figure itself, inline
    assert not plt.get_fignums()  # closed: not drawn a second time at the cell's end


def test_the_vintage_stamp_sits_under_a_long_source_note_not_over_it(shown, monkeypatch):
    from toolkit.viz.theme import add_source_note

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot([2020, 2021, 2022], [1, 2, 3])
    ax.set_xlabel("year")
    add_source_note(ax, "Source: " + "a publisher, a title and a long vintage; " * 6)
    stamped = []
    monkeypatch.setattr(plt, "close", lambda f: stamped.append(f))  # keep it to measure
    show_figure(fig, "long-note", data=pd.DataFrame({"x": [1]}), sources="x", as_of="2026-02")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (stamp,) = [t for t in fig.texts if t.get_gid() == "as-of"]
    (note,) = [t for t in ax.texts if t.get_gid() == "source-note"]
    s, n = stamp.get_window_extent(renderer), note.get_window_extent(renderer)
    assert not s.overlaps(n) and s.y1 <= n.y0 + 1  # under the note
    assert s.x1 <= fig.get_tightbbox(renderer).x1 * fig.dpi + 1


def test_panels_with_their_own_titles_get_the_figure_title_above(shown, monkeypatch):
    kept = []
    monkeypatch.setattr(plt, "close", lambda f: kept.append(f))
    fig, (a, b) = plt.subplots(1, 2)
    a.set_title("Per year")
    b.set_title("Single months")
    show_figure(fig, "two", data=pd.DataFrame({"x": [1]}), sources="x", as_of="2025",
                title="Russian federal oil and gas revenues")  # fmt: skip
    assert fig._suptitle is not None and fig._suptitle.get_text().startswith("Russian federal")
    one, ax = plt.subplots()
    ax.set_title("Its own title")
    show_figure(one, "one", data=pd.DataFrame({"x": [1]}), sources="x", as_of="2025", title="T")
    assert one._suptitle is None  # a single titled Axes already says what it shows


@pytest.mark.parametrize("name", ["Has Space", "", "UPPER", "a/b"])
def test_show_figure_refuses_a_bad_name(name):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="name"):
        show_figure(fig, name, data=pd.DataFrame({"x": [1]}), sources="x", as_of="2024")
    plt.close(fig)


def test_show_figure_requires_the_vintage_and_a_frame():
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="as_of"):
        show_figure(fig, "f", data=pd.DataFrame({"x": [1]}), sources="x", as_of="")
    with pytest.raises(TypeError, match="DataFrame"):
        show_figure(fig, "f", data=[1, 2], sources="x", as_of="2024")
    plt.close(fig)


def test_format_table_leaves_nothing_a_reader_must_step_over():
    df = pd.DataFrame(
        {
            "year": [2014.0, np.nan],
            "value_usd_m": [36026.5, math.inf],
            "share_pct": [0.345, 12.0],
            "date": [pd.Timestamp("2022-02-24"), pd.NaT],
            "n": pd.array([3, pd.NA], dtype="Int64"),
            "ongoing": [True, False],
        },
        index=pd.RangeIndex(2),
    )
    out = format_table(df, units={"value_usd_m": "USD m"})
    assert list(out.columns) == ["year", "value usd m (USD m)", "share pct", "date", "n", "ongoing"]
    assert out.iloc[0].tolist() == ["2014", "36,026.5", "0.3", "2022-02-24", "3", "yes"]
    assert out.iloc[1].tolist() == ["—", "—", "12.0", "—", "—", "no"]  # one decimal per column
    text = out.to_string()
    for bad in ("NaN", "NaT", "<NA>", "inf", "2014.0"):
        assert bad not in text


def test_show_table_hides_the_index_and_explains_the_dash(shown):
    df = pd.DataFrame({"partner": ["China", "India"], "value": [1.5, np.nan]})
    show_table(df, caption="Crude exports", as_of="2024-12", missing_reason="not reported")
    (bundle,) = shown
    html = bundle["text/html"]
    assert "Crude exports. Data as of 2024-12." in html and "—: not reported." in html
    assert (
        "<th></th>" not in html and "NaN" not in html and "object at 0x" not in bundle["text/plain"]
    )


def test_finding_renders_the_numbers_and_reaches_the_index(shown):
    text = finding(
        "trade", "fall", "Trade fell {factor:.1f}-fold from {base} to {year}.",
        numbers={"factor": np.float64(10.217), "base": np.int64(2021), "year": 2024},
        as_of="2024-12", figure="fall",
    )  # fmt: skip
    assert text == "Trade fell 10.2-fold from 2021 to 2024."
    (bundle,) = shown
    record = bundle[FINDING_MIMETYPE]
    assert record["numbers"] == {"factor": 10.217, "base": 2021, "year": 2024}
    assert type(record["numbers"]["base"]) is int
    nb = {"cells": [{"outputs": [{"data": bundle}]}, {"outputs": [{"data": bundle}]}]}
    assert [f["key"] for f in collect(nb)["findings"]] == ["fall", "fall"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"theme": "weather"}, "theme"),
        ({"as_of": ""}, "as_of"),
        ({"template": "{missing}"}, "missing"),
    ],
)
def test_finding_refuses_what_it_cannot_cite(kwargs, match):
    args = {"theme": "trade", "key": "k", "template": "{x}", "as_of": "2024"} | kwargs
    with pytest.raises(ValueError, match=match):
        finding(args.pop("theme"), args.pop("key"), args.pop("template"), numbers={"x": 1}, **args)


@pytest.mark.parametrize("layout", [None, "tight", "constrained"])
def test_the_shared_tight_box_draws_the_files_savefig_tight_draws(layout):
    """show_figure lays a figure out once for its SVG and PNG: the PNG is savefig's own."""
    import io

    from toolkit.viz.publish import _stamp, _tight_box

    def build():
        rng = np.random.default_rng(0)
        fig = plt.figure(figsize=(9, 5), layout=layout)
        for k, ax in enumerate(fig.subplots(2, 3).ravel()):
            ax.plot(rng.random(30).cumsum(), label="a series")
            ax.set_title(f"panel {k}")
            ax.set_ylabel("EUR million")
        fig.suptitle("What the figure shows")
        _stamp(fig, "2024-06")
        return fig

    expected, got = io.BytesIO(), io.BytesIO()
    fig = build()
    fig.savefig(expected, format="png", bbox_inches="tight")
    plt.close(fig)
    fig = build()
    fig.savefig(got, format="png", bbox_inches=_tight_box(fig))
    plt.close(fig)
    assert got.getvalue() == expected.getvalue()
