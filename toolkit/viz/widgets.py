"""Widget views with a static twin: live controls in JupyterLab, a real figure and table elsewhere.

A :class:`View` is an ipywidgets box (controls above an output area). Its
display bundle carries, next to the widget, a ``text/html`` static twin (the
current view as a PNG image plus its table), so a papermill run exported to
HTML, or any front end without a live kernel, shows the figure instead of a
blank widget.

The update path is kept cheap: the data are bound once when the view is built
(no reload per change), each redraw draws its figure once, at screen resolution,
on a renderer that keeps the texts it rasterised (:mod:`toolkit.viz.frames`; the
static twin is drawn at the report's resolution, only when it is asked for), every
frame drawn is kept, so going back to an earlier setting redraws nothing, and after
a user's change the kernel pre-draws, in its idle moments, the frames one step
away (the other toggle, the next slider step), so the next change is often a
frame already drawn. Batch runs change no control, so they pre-draw nothing. A view
whose frames differ in everything can still skip the new figure: its ``update`` clears
the kept figure's Axes with :func:`toolkit.viz.kept.reuse_axes` (tick objects kept) and
plots on it (the trade view, the entity look-up).
"""

from __future__ import annotations

import base64
import html
import time
from collections import OrderedDict
from collections.abc import Callable

import ipywidgets as W

from toolkit.viz.frames import LIVE_DPI, LIVE_RC, Frame, figure_png, png_size
from toolkit.viz.frames import frame_key as _frame_key
from toolkit.viz.frames import next_values as _next_values
from toolkit.viz.frames import table_html as _table_html

#: Text printed after each redraw (then `` #<n> (<ms> ms)``); browser tests wait for it.
REDRAW_MARKER = "view updated"
#: CSS class of every view's box in the page (browser tests and dashboards find views by it).
VIEW_CLASS = "toolkit-view"
#: Frames kept per view (PNG + table + figure of one set of control values).
FRAME_CACHE_SIZE = 32
#: After a user's change, the frames one step away drawn ahead: how many, after how long an
#: idle kernel (a frame being pre-drawn delays a change arriving meanwhile by up to one
#: drawing, so a user moving a control step after step is not made to wait), and the gap
#: left between two frames for control messages.
PREFETCH_FRAMES = 4
PREFETCH_DELAY_S = 1.0
PREFETCH_GAP_S = 0.05


def _range_text(value) -> str:
    """Return the readout of a range selection: ``"first – last"``."""
    return f"{value[0]} – {value[1]}"


class View(W.VBox):
    """Controls plus an output area driven by a render function.

    Parameters
    ----------
    render : callable
        ``render(**values) -> (figure or Axes or None, DataFrame or None)``; it
        draws a fresh matplotlib figure for the control values.
    update : callable, optional
        ``update(figure, **values) -> DataFrame or None``: brings the figure last
        drawn by ``render`` (or updated) to ``values`` by changing its artists (line
        data, offsets, limits) instead of drawing a new figure, and returns the table;
        it returns ``NotImplemented`` when the change needs a fresh figure. Its
        result must be the figure ``render`` would draw for ``values``.
    controls : dict of str to ipywidgets.ValueWidget
        Keyword name → control; each control's ``value`` is passed to ``render``.
    title : str, optional
        Heading of the static twin.
    twin : toolkit.viz.twins.Twin, optional
        Name, sources and vintage of the static twin: displaying the view then also
        hands its default figure to the report (:func:`toolkit.viz.twins.publish_twin`).

    Attributes
    ----------
    redraws : int
        Redraws so far (the number after the marker in the output).
    timings : list of tuple
        ``(milliseconds, cached)`` of each redraw in the kernel: render, PNG and
        the output messages; ``cached`` when the frame was drawn before.
    """

    def __init__(
        self,
        render: Callable,
        controls: dict,
        *,
        title: str | None = None,
        update: Callable | None = None,
        twin=None,
    ):
        self.render = render
        self.twin = twin
        self._published = None  # (frame key, PNG) of the twin handed to the report
        self.update = update
        self._kept = None  # (figure, frame key): the figure ``update`` changes, and its state
        self.controls = dict(controls)
        self.title = title
        self.output = W.Output()
        self.last_table = None
        self._png = None  # the current frame's PNG, drawn once per frame
        self._frames: OrderedDict = OrderedDict()  # control values -> Frame
        self._frame_now = None
        #: resolution of the static twin: the figures' own when the view is built
        import matplotlib as mpl

        self.dpi = float(mpl.rcParams["figure.dpi"])
        self.redraws = 0
        self.timings: list[tuple[float, bool]] = []
        self._prefetch_round = 0
        self._margins = None  # subplot margins that made the last frame fit its canvas
        for control in self.controls.values():
            if isinstance(control, W.IntRangeSlider | W.SelectionRangeSlider):
                # A range readout ("1992 – 2024") is wider than the default slider
                # readout; a wider slider with a wide readout keeps it legible.
                if not control.layout.width:
                    control.layout.width = "460px"
                control.style.description_width = "initial"
        items = []
        for control in self.controls.values():
            if isinstance(control, W.SelectionRangeSlider) and control.readout:
                # its readout box is cut at about 17 characters ("2021-08-18–2024-05-0"):
                # a label beside the slider shows the whole selection instead
                control.readout = False
                label = W.Label(value=_range_text(control.value))
                control.observe(
                    lambda change, label=label: setattr(label, "value", _range_text(change["new"])),
                    names="value",
                )
                items.append(W.HBox([control, label]))
            else:
                items.append(control)
        bar = W.HBox(items, layout=W.Layout(flex_flow="row wrap"))
        super().__init__(children=[bar, self.output])
        self.add_class(VIEW_CLASS)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        """The current control values, by keyword."""
        return {k: c.value for k, c in self.controls.items()}

    def _frame(self, values: dict, *, dpi: float = LIVE_DPI):
        """Return the :class:`~toolkit.viz.frames.Frame` of ``values`` and whether it was drawn before.

        A new frame's figure is made and drawn at ``dpi`` (screen resolution, unless
        it is the first frame, which also serves as the static twin).
        """
        import matplotlib as mpl
        import matplotlib.pyplot as plt

        key = _frame_key(values)
        frame = self._frames.get(key)
        if frame is not None:
            self._frames.move_to_end(key)
            return frame, True
        with mpl.rc_context({**LIVE_RC, "figure.dpi": dpi}):
            fig, table = self._updated(values)
            if fig is None:
                result = self.render(**values)
                fig, table = result if isinstance(result, tuple) else (result, None)
                if hasattr(fig, "get_figure") and not hasattr(fig, "savefig"):
                    fig = fig.get_figure()
                if self.update is not None and fig is not None:
                    self._kept = (fig, key)
        # One PNG per frame serves the live output (and the static twin when drawn at the
        # twin's resolution); the figure object stays inspectable but leaves pyplot, so
        # the inline backend does not show it a second time at the end of the cell.
        frame = Frame(fig, table)
        frame.key = key
        if fig is not None:
            fig.set_dpi(dpi)
            frame.png, self._margins = figure_png(fig, margins=self._margins)
            frame.dpi = dpi
            if dpi == self.dpi:
                frame.twin = frame.png
            plt.close(fig)
        self._frames[key] = frame
        if len(self._frames) > FRAME_CACHE_SIZE:
            self._frames.popitem(last=False)
        return frame, False

    def _draw(self, *, dpi: float = LIVE_DPI) -> bool:
        """Set the figure, table and PNG for the current values; return True if cached."""
        frame, cached = self._frame(self.values, dpi=dpi)
        self._frame_now = frame
        self.last_table, self._png = frame.table, frame.png
        return cached

    def _updated(self, values: dict):
        """Return the kept figure brought to ``values`` by ``update`` and its table, or ``(None, None)``."""
        if self.update is None or self._kept is None:
            return None, None
        fig = self._kept[0]
        table = self.update(fig, **values)
        if table is NotImplemented:
            self._kept = None
            return None, None
        self._kept = (fig, _frame_key(values))
        return fig, table

    @property
    def last_figure(self):
        """The figure of the current frame (None before the first frame or without a figure).

        A frame made by ``update`` shares the view's kept figure; when that figure has
        moved on to other values since, the frame's figure is drawn afresh here.
        """
        frame = self._frame_now
        if frame is None or frame.figure is None:
            return None
        if self._kept is not None and frame.figure is self._kept[0] and self._kept[1] != frame.key:
            import matplotlib as mpl

            with mpl.rc_context({**LIVE_RC, "figure.dpi": frame.dpi}):
                result = self.render(**self.values)
            fig = result[0] if isinstance(result, tuple) else result
            frame.figure = fig.get_figure() if not hasattr(fig, "savefig") else fig
        return frame.figure

    def _twin_png(self):
        """Return the current frame as a PNG at the static twin's resolution (drawn on first use)."""
        frame = self._frame_now
        if frame is None or frame.figure is None:
            return None
        if frame.twin is None:
            fig = self.last_figure
            fig.set_dpi(self.dpi)
            try:
                frame.twin, _ = figure_png(fig, margins=self._margins)
            finally:
                fig.set_dpi(frame.dpi)
        return frame.twin

    def neighbours(self, first: str | None = None) -> list[dict]:
        """Control values one step from the current ones: the frames a user is likely to ask next.

        One control moves at a time: a checkbox flips, a dropdown or toggle takes each
        other option, a slider (or either end of a range slider) moves one step. A
        multiple selection is left alone (too many combinations). ``first`` names the
        control whose neighbours come first (the one the user just moved).
        """
        current = self.values
        names = sorted(self.controls, key=lambda k: k != first)
        out = []
        for name in names:
            for value in _next_values(self.controls[name]):
                out.append({**current, name: value})
        return out

    def prefetch(self, first: str | None = None, limit: int = PREFETCH_FRAMES) -> int:
        """Draw up to ``limit`` frames of :meth:`neighbours` not drawn yet; return how many."""
        drawn = 0
        for values in self.neighbours(first):
            if drawn >= limit:
                break
            if _frame_key(values) in self._frames:
                continue
            try:
                self._frame(values)
            except Exception:  # noqa: BLE001 - a setting that fails is drawn (and shown) on demand
                continue
            drawn += 1
        return drawn

    def _schedule_prefetch(self, first: str) -> None:
        """In a kernel, pre-draw the neighbour frames one per idle moment of its event loop."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not in a kernel's event loop (a script, a test): draw on demand only
        self._prefetch_round += 1
        round_ = self._prefetch_round
        pending = [v for v in self.neighbours(first) if _frame_key(v) not in self._frames]
        pending = pending[:PREFETCH_FRAMES]

        def step():
            # a newer change started another round; each frame is one short callback, so
            # a control message waits for one frame at most
            if round_ != self._prefetch_round or not pending:
                return
            values = pending.pop(0)
            if _frame_key(values) not in self._frames:
                try:
                    self._frame(values)
                except Exception:  # noqa: BLE001 - drawn (and its error shown) on demand
                    pass
            loop.call_later(PREFETCH_GAP_S, step)

        loop.call_later(PREFETCH_DELAY_S, step)

    def clear_frames(self) -> None:
        """Forget the frames drawn so far (after changing the data the render function uses)."""
        self._frames.clear()

    def refresh(self) -> None:
        """Redraw the output for the current control values.

        The output ends with ``view updated #<n> (<ms> ms)``: the redraw count
        and the time it took in the kernel.
        """
        from IPython.display import HTML, Image, display

        started = time.perf_counter()
        # the first frame is drawn at the twin's resolution (the report shows it) and shown
        # at the size of the live frames that follow
        # (with a Twin, the report's figure is drawn apart: every frame is a live one)
        first = self._frame_now is None and self.twin is None
        cached = self._draw(dpi=self.dpi if first else LIVE_DPI)
        table = self.last_table
        self.output.clear_output(wait=True)
        with self.output:
            if self._png is not None:
                width = png_size(self._png)[0] * LIVE_DPI / self._frame_now.dpi
                display(Image(data=base64.b64decode(self._png), format="png", width=round(width)))
            if table is not None:
                # the same table as the static twin: no pandas index column
                display(HTML(_table_html(table)))
            elapsed = (time.perf_counter() - started) * 1000
            self.redraws += 1
            self.timings.append((elapsed, cached))
            print(
                f"{REDRAW_MARKER} #{self.redraws} ({elapsed:.0f} ms{', cached' if cached else ''})"
            )

    def _on_change(self, change) -> None:
        self.refresh()
        name = next((k for k, c in self.controls.items() if c is change["owner"]), None)
        self._schedule_prefetch(name)

    def static_html(self) -> str:
        """Return the static twin: the current figure as a PNG and the table as HTML.

        The title and every table cell are HTML-escaped: they may hold names from a
        sanctions list, which can contain ``<`` or ``&``.
        """
        parts = []
        if self.title:
            parts.append(f"<h4>{html.escape(self.title)}</h4>")
        published = self._published
        if published is not None and self._frame_now is not None:
            twin = published[1] if published[0] == self._frame_now.key else None
            twin = twin or self._twin_png()
        else:
            twin = self._twin_png()
        if twin is not None:
            alt = html.escape(self.title or "figure", quote=True)
            parts.append(f'<img alt="{alt}" src="data:image/png;base64,{twin}"/>')
        if self.last_table is not None:
            parts.append(_table_html(self.last_table))
        if self.twin is not None:
            parts.append(f"<p><small>Data as of {html.escape(str(self.twin.as_of))}.</small></p>")
        parts.append(
            "<p><small>Static view of the default settings; open the notebook in "
            "JupyterLab to use the controls.</small></p>"
        )
        return "\n".join(parts)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = self.static_html()
        return bundle

    def _ipython_display_(self, **kwargs):
        """Display the widget (its ``text/html`` twin beside it), then the twin's figure record.

        The record is an output of its own, after the widget's: the report writes its SVG
        and CSV and puts the citation with the data vintage in its place.
        """
        from IPython.display import display

        record = None
        if self.twin is not None and self._frame_now is not None:
            from toolkit.viz.twins import publish_twin

            record, png = publish_twin(self)
            if png is not None:
                self._published = (self._frame_now.key, png)
        display(self._repr_mimebundle_(), raw=True)
        if record is not None:
            display(record, raw=True)


def build_view(
    render: Callable,
    controls: dict,
    *,
    title: str | None = None,
    update: Callable | None = None,
    twin=None,
) -> View:
    """Return a :class:`View` of ``render`` driven by ``controls``.

    Examples
    --------
    >>> import ipywidgets as W
    >>> view = build_view(lambda n: (None, None), {"n": W.IntSlider(value=1)})
    >>> view.values
    {'n': 1}
    """
    return View(render, controls, title=title, update=update, twin=twin)
