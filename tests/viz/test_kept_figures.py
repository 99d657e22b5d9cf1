"""Views that draw each frame on their kept figure: the frame equals a figure drawn afresh.

The trade view and the entity look-up clear their kept figure's Axes
(:func:`toolkit.viz.kept.reuse_axes`) and plot on it instead of making a new figure;
each updated frame must hold what ``render`` draws for the same control values.
"""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.viz.frames import LIVE_DPI, LIVE_RC


def _drawn(fig):
    """Draw ``fig`` (ticks and text positions settle) and return it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(LIVE_DPI)
    FigureCanvasAgg(fig).draw()
    return fig


def _describe(fig) -> dict:
    """What a reader sees of a figure: lines, points, texts, limits, scales, ticks, legends."""
    out = {"n_axes": len(fig.axes)}
    for i, ax in enumerate(fig.axes):
        legends = [a for a in ax.get_children() if type(a).__name__ == "Legend"]
        out[i] = {
            "lines": [
                (ln.get_gid(), ln.get_label(), ln.get_linestyle(), np.asarray(ln.get_xydata()))
                for ln in ax.lines
            ],
            "collections": [np.asarray(c.get_offsets()) for c in ax.collections],
            "segments": [
                [np.asarray(s) for s in c.get_segments()]
                for c in ax.collections
                if hasattr(c, "get_segments")
            ],
            "texts": [
                (t.get_text(), t.get_gid(), tuple(np.round(t.get_position(), 6))) for t in ax.texts
            ],
            "xlim": ax.get_xlim(),
            "ylim": ax.get_ylim(),
            "scales": (ax.get_xscale(), ax.get_yscale()),
            "labels": (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()),
            "xticks": (list(ax.get_xticks()), [t.get_text() for t in ax.get_xticklabels()]),
            "yticks": (list(ax.get_yticks()), [t.get_text() for t in ax.get_yticklabels()]),
            "legends": [[t.get_text() for t in lg.get_texts()] for lg in legends],
            "axis_on": ax.axison,
            "position": tuple(np.round(ax.get_position().bounds, 6)),
        }
    return out


def _assert_same(a: dict, b: dict, path: str = "") -> None:
    """Assert two descriptions are equal (arrays compared element by element, NaN = NaN)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _assert_same(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), f"{path}: {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=path)
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def _check_updates_equal_fresh(view, changes):
    """Apply each change; the frame the kept figure gives equals ``render``'s for it."""
    import matplotlib as mpl

    updated = 0
    for name, value in changes:
        view.controls[name].value = value
        fig = view._frame_now.figure
        assert fig is view._kept[0], f"{name}={value!r} was not drawn on the kept figure"
        updated += 1
        with mpl.rc_context({**LIVE_RC, "figure.dpi": LIVE_DPI}):
            fresh, fresh_table = view.render(**view.values)
            # the same margins as the view's frame (figure_png widened them for both)
            sp = fig.subplotpars
            fresh.subplots_adjust(left=sp.left, bottom=sp.bottom, right=sp.right, top=sp.top)
            _assert_same(_describe(_drawn(fig)), _describe(_drawn(fresh)), f"{name}={value!r}")
        if fresh_table is None:
            assert view.last_table is None
        else:
            assert view.last_table.equals(fresh_table), f"{name}={value!r}: table differs"
    assert updated == len(changes)


def test_trade_view_switches_frequency_and_scale_on_its_kept_figure():
    from toolkit.themes import trade
    from toolkit.themes.sanctions.events import load_events
    from toolkit.themes.trade.views import trade_view

    annual = trade.load_us_russia_trade()
    monthly = trade.load_us_russia_trade(freq="monthly")
    events = load_events()
    view = trade_view(annual, monthly, events=events)
    _check_updates_equal_fresh(
        view,
        [
            ("freq", "monthly"),  # dates on x, other events, no estimate line
            ("log", True),
            ("freq", "annual"),  # back to years: no date locator or converter left over
            ("flows", ("exports", "imports", "balance")),  # symlog, the zero line
            ("period", (2010, 2020)),
            ("flows", ()),  # the empty-selection message
            ("flows", ("imports",)),
        ],
    )


def test_entity_lookup_draws_each_query_on_its_kept_figure(shared_data):
    from toolkit.entities._data import FILES

    missing = [rel for rel in FILES.values() if not (shared_data / rel).exists()]
    if missing:
        pytest.skip(f"real lists absent from {shared_data}: {', '.join(missing)}")
    from toolkit.entities.views import lookup_view

    view = lookup_view("Sberbank")
    _check_updates_equal_fresh(
        view,
        [
            ("query", "Rosneft"),
            ("query", "zzqx no such name"),  # the no-match message, axes off
            ("query", "Gazprombank"),  # axes back on, y inverted again
        ],
    )
