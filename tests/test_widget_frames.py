"""The cheap update path of toolkit.widgets: one drawing per frame, kept frames, the marker."""

from __future__ import annotations

import base64
import io

import ipywidgets as W
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from PIL import Image

from toolkit.widgets import REDRAW_MARKER, VIEW_CLASS, _figure_png, build_view


def _size(png_b64):
    return Image.open(io.BytesIO(base64.b64decode(png_b64))).size


def _tight_size(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.1)
    return Image.open(io.BytesIO(buf.getvalue())).size


def test_png_is_cropped_like_a_tight_savefig():
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], label="a line")
    ax.set_title("a title")
    ax.legend()
    width, height = _size(_figure_png(fig))
    tight_w, tight_h = _tight_size(fig)
    assert abs(width - tight_w) <= 3 and abs(height - tight_h) <= 3
    assert width < 600 and height < 300  # the margins are cut, as with bbox_inches="tight"


def test_png_keeps_a_legend_drawn_outside_the_figure():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([1, 2], [1, 2], label="a long legend label outside the axes")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    width, _ = _size(_figure_png(fig))
    assert width > 400  # wider than the 4-inch canvas: the legend is not cut off
    assert abs(width - _tight_size(fig)[0]) <= 3


def test_frames_already_drawn_are_not_rendered_again(capsys):
    calls = []

    def render(n, mode):
        calls.append((n, mode))
        fig, ax = plt.subplots()
        ax.plot(range(n))
        ax.set_title(mode)
        return fig, pd.DataFrame({"n": [n], "mode": [mode]})

    controls = {
        "n": W.IntSlider(value=2, min=1, max=9),
        "mode": W.ToggleButtons(options=["a", "b"], value="a"),
    }
    view = build_view(render, controls)
    assert VIEW_CLASS in view._dom_classes
    first = view.static_html()
    controls["mode"].value = "b"
    controls["mode"].value = "a"  # seen before: served from the frame
    assert calls == [(2, "a"), (2, "b")]
    assert view.static_html() == first
    assert view.last_table["mode"].tolist() == ["a"]
    assert view.last_figure.axes[0].get_title() == "a"
    controls["n"].value = 3
    assert calls[-1] == (3, "a")
    assert view.redraws == 4 and [cached for _, cached in view.timings] == [
        False,
        False,
        True,
        False,
    ]
    view.clear_frames()
    controls["n"].value = 2
    assert calls[-1] == (2, "a")  # forgotten: drawn again
    assert plt.get_fignums() == []


def test_each_redraw_prints_its_number_and_kernel_time(capsys):
    view = build_view(lambda n: (None, pd.DataFrame({"n": [n]})), {"n": W.IntSlider(value=1)})
    view.controls["n"].value = 4
    out = capsys.readouterr().out  # outside a kernel the Output widget prints to stdout
    assert f"{REDRAW_MARKER} #1 (" in out and f"{REDRAW_MARKER} #2 (" in out
    assert view.redraws == 2 and all(ms >= 0 for ms, _ in view.timings)


def test_scenario_explorer_reads_no_file_when_a_control_changes(monkeypatch):
    from toolkit import registry
    from toolkit.easing_plots import scenario_explorer

    view = scenario_explorer(scenario="embassies-and-transport")
    real_load, calls = registry.load, []

    def counting_load(name, **options):
        calls.append(name)
        return real_load(name, **options)

    monkeypatch.setattr(registry, "load", counting_load)
    first = view.last_table
    for name in view.controls["scenario"].options[1:]:
        view.controls["scenario"].value = name[1]
    view.controls["measures"].value = ("US-EO14024",)
    assert calls == []  # every table was bound when the view was built
    assert not view.last_table.equals(first)
    assert "US-EO14024" in view.last_table.set_index("item").loc["measures", "value"]

    # outside the view, the easing functions still load fresh tables
    from toolkit import easing

    easing.lift_path(["US-EO13662"])
    assert "authority_map" in calls
