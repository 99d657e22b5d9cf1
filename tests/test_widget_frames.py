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
    png, overflows = _figure_png(fig)
    width, height = _size(png)
    assert not overflows
    tight_w, tight_h = _tight_size(fig)
    assert abs(width - tight_w) <= 3 and abs(height - tight_h) <= 3
    assert width < 600 and height < 300  # the margins are cut, as with bbox_inches="tight"


def test_png_keeps_a_legend_drawn_outside_the_figure():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([1, 2], [1, 2], label="a long legend label outside the axes")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    png, overflows = _figure_png(fig)
    width, _ = _size(png)
    assert overflows and _size(_figure_png(fig, overflows=True)[0]) == (width, _size(png)[1])
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


def _counting_view():
    calls = []

    def render(year, mode, log):
        calls.append((year, mode, log))
        fig, ax = plt.subplots()
        ax.plot([0, year - 2000])
        return fig, pd.DataFrame({"year": [year], "mode": [mode], "log": [log]})

    controls = {
        "year": W.IntSlider(value=2020, min=2019, max=2024),
        "mode": W.ToggleButtons(options=["indexed", "absolute"], value="indexed"),
        "log": W.Checkbox(value=False),
    }
    return build_view(render, controls), calls


def test_neighbours_move_one_control_one_step():
    view, _ = _counting_view()
    assert view.neighbours(first="mode") == [
        {"year": 2020, "mode": "absolute", "log": False},  # the control just moved first
        {"year": 2019, "mode": "indexed", "log": False},
        {"year": 2021, "mode": "indexed", "log": False},
        {"year": 2020, "mode": "indexed", "log": True},
    ]
    ranges = build_view(
        lambda period, pick: (None, None),
        {
            "period": W.IntRangeSlider(value=(1992, 2024), min=1992, max=2024),
            "pick": W.SelectMultiple(options=["a", "b"], value=("a",)),
        },
    )
    assert [n["period"] for n in ranges.neighbours()] == [(1993, 2024), (1992, 2023)]


def test_prefetch_draws_the_neighbours_so_the_next_change_is_cached():
    view, calls = _counting_view()
    assert view.prefetch(first="year") == 4
    assert len(calls) == 5  # the first view and its four neighbours
    view.controls["year"].value = 2021
    assert len(calls) == 5 and view.timings[-1][1]  # served from the pre-drawn frame
    assert view.last_table["year"].tolist() == [2021]


def test_a_change_in_an_event_loop_pre_draws_in_its_idle_moments():
    import asyncio

    from toolkit import widgets

    view, calls = _counting_view()

    async def user():
        view.controls["mode"].value = "absolute"  # a user's change, in the kernel's loop
        assert len(calls) == 2  # nothing pre-drawn yet: the change is answered first
        await asyncio.sleep(widgets.PREFETCH_DELAY_S + 6 * (widgets.PREFETCH_GAP_S + 0.5))

    asyncio.run(user())
    assert (2020, "absolute", True) in calls and (2021, "absolute", False) in calls
    drawn = len(calls)
    view.controls["log"].value = True
    assert len(calls) == drawn and view.timings[-1][1]


def test_no_pre_drawing_without_a_user_change():
    # a batch run (papermill) only builds the view: exactly one frame is drawn
    _, calls = _counting_view()
    assert len(calls) == 1


def test_notebooks_without_widgets_are_told_apart(tmp_path):
    import nbformat
    from lab_support import has_widget_code

    def notebook(*sources):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
        path = tmp_path / f"nb{len(list(tmp_path.iterdir()))}.ipynb"
        nbformat.write(nb, path)
        return path

    assert not has_widget_code(notebook("import toolkit", "m = trade.mirror_view(a, r)"))
    assert has_widget_code(notebook("trade_view(annual, monthly)"))
    assert has_widget_code(notebook("scenario_explorer(scenario='')"))
    assert has_widget_code(notebook("import ipywidgets as W\nW.IntSlider()"))
