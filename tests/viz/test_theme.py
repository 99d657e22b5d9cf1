"""The house theme applied without seaborn is the theme seaborn applies."""

from __future__ import annotations

import subprocess
import sys

import matplotlib as mpl
import pytest
from matplotlib.colors import to_rgb, to_rgba_array

from toolkit.viz.theme import HOUSE_RC, THEME, set_theme


def _comparable(value):
    try:
        return to_rgba_array(value).round(4).tolist()
    except (ValueError, TypeError):
        return [str(v) for v in value] if isinstance(value, list | tuple) else str(value)


def test_house_theme_sets_what_seaborn_sets():
    import seaborn as sns

    with mpl.rc_context():
        mpl.rcdefaults()
        sns.set_theme(**THEME)
        wanted = dict(mpl.rcParams)
        codes = {c: mpl.colors.colorConverter.colors[c] for c in "bgrmyck"}
        mpl.rcdefaults()
        sns.reset_orig()
        set_theme()
        got = dict(mpl.rcParams)
        got_codes = {c: to_rgb(mpl.colors.colorConverter.colors[c]) for c in "bgrmyck"}
    different = {
        k: (got[k], wanted[k])
        for k in wanted
        if k != "image.cmap" and _comparable(got[k]) != _comparable(wanted[k])
    }
    assert different == {}
    assert set(HOUSE_RC) <= set(wanted)
    assert got["axes.prop_cycle"].by_key()["color"] and _comparable(
        got["axes.prop_cycle"].by_key()["color"]
    ) == _comparable(wanted["axes.prop_cycle"].by_key()["color"])
    assert {c: tuple(round(x, 3) for x in v) for c, v in got_codes.items()} == {
        c: tuple(round(x, 3) for x in to_rgb(v)) for c, v in codes.items()
    }


def test_applying_the_house_theme_imports_neither_seaborn_nor_scipy():
    code = (
        "import sys; from toolkit.viz.theme import set_theme; set_theme(); "
        "print(sorted(m for m in ('seaborn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _label_crosses_line(ax, label, line) -> bool:
    """Return True when the line passes through the label's box (in display pixels)."""
    import numpy as np

    renderer = ax.figure.canvas.get_renderer()
    box = label.get_window_extent(renderer)
    xy = ax.transData.transform(np.asarray(line.get_xydata(), dtype=float))
    xs = np.linspace(box.x0, box.x1, 5)
    ys = np.interp(xs, xy[:, 0], xy[:, 1])
    return bool(((ys >= box.y0) & (ys <= box.y1)).any())


@pytest.mark.parametrize("level", ["high", "low", "both"])
def test_event_labels_keep_clear_of_the_data_lines(level):
    """A line running high at an event pushes its label down (and one running low leaves it up)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from toolkit.viz.theme import mark_events

    fig, ax = plt.subplots(figsize=(6, 4))
    years = list(range(2015, 2025))
    lines = []
    if level in ("high", "both"):
        lines += ax.plot(years, [100] * 8 + [950, 1000])  # rises to the top at 2023
    if level in ("low", "both"):
        lines += ax.plot(years, [100, 90, 80, 70, 60, 50, 45, 40, 42, 41])
    ax.set_ylim(0, 1050)
    ax.set_xlim(2014.5, 2024.5)
    events = pd.DataFrame({"date": ["2023-01-01"], "label": ["Crude price cap $60"]})
    mark_events(ax, events, x_as_year=True)
    fig.canvas.draw()
    (label,) = [t for t in ax.texts if t.get_gid() == "event-label"]
    assert not any(_label_crosses_line(ax, label, line) for line in lines)
    if level == "low":
        assert label.xy[1] == 1.0  # nothing in the way at the top: the label stays there
    plt.close(fig)
