"""The cheap update path of toolkit.viz.widgets: one drawing per frame, kept frames, the marker."""

from __future__ import annotations

import base64
import io

import ipywidgets as W
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from toolkit.viz.frames import figure_png
from toolkit.viz.widgets import REDRAW_MARKER, VIEW_CLASS, build_view


def _size(png_b64):
    return Image.open(io.BytesIO(base64.b64decode(png_b64))).size


def _tight_size(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.1)
    return Image.open(io.BytesIO(buf.getvalue())).size


def _inside(fig, artist):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    box = artist.get_window_extent(FigureCanvasAgg(fig).get_renderer())
    return box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1


def test_png_is_cropped_like_a_tight_savefig():
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], label="a line")
    ax.set_title("a title")
    ax.legend()
    png, margins = figure_png(fig)
    width, height = _size(png)
    assert margins is None  # it fitted as drawn
    tight_w, tight_h = _tight_size(fig)
    # cropped on the pixels drawn: at most a few pixels inside matplotlib's text boxes
    assert abs(width - tight_w) <= 6 and abs(height - tight_h) <= 6
    assert width < 600 and height < 300  # the margins are cut, as with bbox_inches="tight"


def test_a_legend_outside_the_axes_gets_margins_and_stays_in_the_canvas():
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.plot([1, 2], [1, 2], label="a legend outside")
    legend = ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    assert not _inside(fig, legend)  # as drawn, it would be cut at the right edge
    png, margins = figure_png(fig)
    assert margins is not None and margins[2] < 0.9  # the right margin grew
    assert _inside(fig, legend)
    width, height = _size(png)
    assert width <= 600 and height <= 300  # the canvas did not grow

    # the next frame of the same view starts from those margins
    again = Figure(figsize=(6, 3))
    again.subplots().plot([1, 2], [2, 1], label="a legend outside")
    again.axes[0].legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    _, margins2 = figure_png(again, margins=margins)
    assert margins2 == pytest.approx(margins)
    assert again.subplotpars.right == pytest.approx(margins[2])


def test_png_grows_the_canvas_when_margins_would_squash_the_axes():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.plot([1, 2], [1, 2], label="a long legend label outside the axes")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    png, margins = figure_png(fig)
    width, _ = _size(png)
    assert margins is None
    assert width > 400  # wider than the 4-inch canvas: the legend is not cut off
    assert abs(width - _tight_size(fig)[0]) <= 3


def test_frames_of_one_size_share_a_renderer():
    from toolkit.viz.frames import _canvas

    first, second, other = Figure(figsize=(5, 3)), Figure(figsize=(5, 3)), Figure(figsize=(4, 3))
    assert _canvas(first).get_renderer() is _canvas(second).get_renderer()
    assert _canvas(other).get_renderer() is not _canvas(first).get_renderer()


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
    import toolkit
    from toolkit import registry
    from toolkit.themes import easing
    from toolkit.themes.easing.views import scenario_explorer

    authority = toolkit.load("authority_map")
    view = scenario_explorer(
        authority,
        toolkit.load("easing_scenarios"),
        programs=toolkit.load("us_programs_history"),
        imports_banned=toolkit.load("us_imports_2021_banned"),
        ledger=toolkit.load("sdn_ledger_summary"),
        scenario="embassies-and-transport",
    )
    real_load, calls = registry.load, []

    def counting_load(name, **options):
        calls.append(name)
        return real_load(name, **options)

    monkeypatch.setattr(registry, "load", counting_load)
    first = view.last_table
    for name in view.controls["scenario"].options[1:]:
        view.controls["scenario"].value = name[1]
    view.controls["measures"].value = ("US-EO14024",)
    assert calls == []  # the view's data are the frames it was built with
    assert not view.last_table.equals(first)
    assert "US-EO14024" in view.last_table.set_index("item").loc["measures", "value"]
    # nor do the easing functions load anything: they take the frames they use
    easing.lift_path(authority, ["US-EO13662"])
    assert calls == []


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

    from toolkit.viz import widgets

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
    from support.lab import has_widget_code

    def notebook(*sources):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
        path = tmp_path / f"nb{len(list(tmp_path.iterdir()))}.ipynb"
        nbformat.write(nb, path)
        return path

    assert not has_widget_code(notebook("import toolkit", "m = trade.mirror_view(a, r)"))
    assert has_widget_code(notebook("trade_view(annual, monthly)"))
    assert has_widget_code(notebook("scenario_explorer(scenario='')"))
    assert has_widget_code(notebook("import ipywidgets as W\nW.IntSlider()"))


def test_a_selection_range_shows_its_whole_readout_in_a_label():
    dates = ["2021-08-18", "2022-02-23", "2024-05-03"]
    slider = W.SelectionRangeSlider(options=dates, index=(0, 2))
    view = build_view(lambda period: (None, None), {"period": slider})
    (box,) = [c for c in view.children[0].children if isinstance(c, W.HBox)]
    label = box.children[1]
    assert not slider.readout and label.value == "2021-08-18 – 2024-05-03"
    slider.index = (1, 2)
    assert label.value == "2022-02-23 – 2024-05-03"


def test_a_text_drawn_again_is_stamped_from_its_kept_bitmaps():
    from toolkit.viz.frames import _canvas

    fig = Figure(figsize=(5.5, 3.1))
    ax = fig.subplots()
    ax.set_title("a kept title")
    ax.plot([1, 2], [1, 2])
    canvas = _canvas(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    assert any(key[0] == "a kept title" for key in renderer.text_images)
    hits = renderer.text_hits
    again = Figure(figsize=(5.5, 3.1))
    again.subplots().set_title("a kept title")
    second = _canvas(again)
    second.draw()
    assert second.get_renderer() is renderer and renderer.text_hits > hits


def test_live_frames_are_drawn_at_screen_resolution_and_the_twin_at_the_figures():
    import re

    import matplotlib as mpl

    from toolkit.viz.frames import LIVE_DPI, png_size

    def render(n):
        fig = Figure(figsize=(6, 3))
        ax = fig.subplots()
        ax.plot(range(n))
        ax.set_title(f"n = {n}")
        return fig, None

    with mpl.rc_context({"figure.dpi": 100}):
        view = build_view(render, {"n": W.IntSlider(value=2, min=1, max=9)})
        assert view.dpi == 100 and view.last_figure.dpi == 100  # the first frame is the twin
        view.controls["n"].value = 3
    assert view.last_figure.dpi == LIVE_DPI and view.last_figure.axes[0].get_title() == "n = 3"
    live_width = png_size(view._png)[0]
    twin = re.search(r'base64,([^"]+)"', view.static_html()).group(1)
    assert png_size(twin)[0] > 1.3 * live_width  # 100 dpi against 72
    assert view.last_figure.dpi == LIVE_DPI  # the figure is back at its live resolution


def test_a_kept_text_layout_is_the_layout_matplotlib_computes():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from toolkit.viz.frames import _canvas

    def extents(canvas, fig):
        canvas.draw()
        renderer = canvas.get_renderer()
        return [t.get_window_extent(renderer).bounds for t in fig.findobj(Text) if t.get_text()]

    def figure():
        fig = Figure(figsize=(5.2, 3.3), dpi=72)
        ax = fig.subplots()
        ax.set_title("a title\non two lines", loc="left")
        ax.set_xlabel("an x label", rotation=4)
        ax.plot([1, 2], [3, 4], label="a line")
        ax.legend(title="key")
        return fig

    kept = figure()
    extents(_canvas(kept), kept)  # the layouts are now kept...
    again = figure()
    cached = extents(_canvas(again), again)  # ...and these come from the cache
    plain = figure()
    assert cached == extents(FigureCanvasAgg(plain), plain)


def test_texts_drawn_at_one_canvas_size_are_stamped_at_another():
    from toolkit.viz.frames import _canvas

    first = Figure(figsize=(5.7, 3.2), dpi=72)
    first.subplots().set_title("a title shared by two sizes")
    _canvas(first).draw()
    other = Figure(figsize=(4.3, 2.6), dpi=72)
    other.subplots().set_title("a title shared by two sizes")
    canvas = _canvas(other)
    renderer = canvas.get_renderer()
    hits = renderer.text_hits
    canvas.draw()
    assert renderer.text_hits > hits
