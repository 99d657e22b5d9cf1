"""Widget views with a static twin: live controls in JupyterLab, a real figure and table elsewhere.

A :class:`View` is an ipywidgets box (controls above an output area). Its
display bundle carries, next to the widget, a ``text/html`` static twin (the
current view as a PNG image plus its table), so a papermill run exported to
HTML, or any front end without a live kernel, shows the figure instead of a
blank widget.

The update path is kept cheap: the data are bound once when the view is built
(no reload per change), each redraw draws its figure once (the tight crop is
cut from that one rendering instead of a second layout pass), every frame
drawn is kept, so going back to an earlier setting redraws nothing, and after
a user's change the kernel pre-draws, in its idle moments, the frames one step
away (the other toggle, the next slider step), so the next change is often a
frame already drawn. Batch runs change no control, so they pre-draw nothing.
"""

from __future__ import annotations

import base64
import html
import io
import time
from collections import OrderedDict
from collections.abc import Callable

import ipywidgets as W

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


_RENDERERS: OrderedDict = OrderedDict()  # (width, height, dpi) -> RendererAgg, shared by frames
_RENDERER_POOL_SIZE = 4


def _canvas(fig):
    """Return an Agg canvas for ``fig`` that draws with a renderer kept between frames.

    Matplotlib caches text measurements per renderer; a fresh canvas per frame gets a
    fresh renderer and measures every label again, which is most of a frame's drawing
    time. Frames of a view have the same size, so they share one renderer.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    class _SharedRendererCanvas(FigureCanvasAgg):
        def get_renderer(self):
            w, h = self.get_width_height(physical=True)
            key = (w, h, self.figure.dpi)
            renderer = _RENDERERS.get(key)
            if renderer is None:
                renderer = _RENDERERS[key] = RendererAgg(w, h, self.figure.dpi)
                while len(_RENDERERS) > _RENDERER_POOL_SIZE:
                    _RENDERERS.popitem(last=False)
            _RENDERERS.move_to_end(key)
            self.renderer, self._lastKey = renderer, key
            return renderer

    return _SharedRendererCanvas(fig)


def _fits(fig) -> bool:
    """Whether ``fig``'s axes sit on subplot parameters that ``subplots_adjust`` can move."""
    if fig.get_layout_engine() is not None or not fig.axes:
        return False
    return all(getattr(ax, "get_subplotspec", lambda: None)() is not None for ax in fig.axes)


def _overflow(box, width_in: float, height_in: float) -> tuple[float, float, float, float]:
    """Inches drawn beyond each side of the canvas: left, bottom, right, top."""
    return (
        max(0.0, -box.x0),
        max(0.0, -box.y0),
        max(0.0, box.x1 - width_in),
        max(0.0, box.y1 - height_in),
    )


def _drawn_box(pixels, fig) -> tuple[int, int, int, int] | None:
    """Pixel box ``(left, top, right, bottom)`` of what differs from the figure's background.

    None when the drawing touches an edge of the canvas (it may go on beyond it) or
    when nothing is drawn: then the artists must be measured.
    """
    import numpy as np
    from matplotlib.colors import to_rgba

    background = np.round(np.array(to_rgba(fig.get_facecolor())) * 255).astype(np.uint8)
    ink = (pixels != background).any(axis=2)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    height, width = ink.shape
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    if top == 0 or left == 0 or bottom == height or right == width:
        return None
    return int(left), int(top), int(right), int(bottom)


def _figure_png(fig, pad_inches: float = 0.1, *, margins=None) -> tuple[str, tuple | None]:
    """Return ``fig`` as a base64 PNG cropped to its drawn content (like ``bbox_inches="tight"``).

    ``savefig(bbox_inches="tight")`` lays the figure out twice (once to measure, once
    to draw); here it is drawn once on an Agg canvas whose renderer is shared between
    frames (so text measured for one frame is not measured again), measured with it
    and cropped from its pixel buffer. A figure drawn beyond its canvas (long tick
    labels, a legend or a source note outside) gets wider subplot margins, so that it
    fits in the same canvas, and is drawn again; the margins found are returned and,
    passed back as ``margins`` for the next frame of the same view, are applied before
    the first drawing. A figure whose axes cannot be moved that way (a layout engine,
    hand-placed axes) or would shrink to under half its size is saved on a canvas
    grown to its content instead.

    Returns
    -------
    tuple
        The base64 PNG and the subplot margins ``(left, bottom, right, top)`` used,
        or None when the figure needed none.
    """
    import numpy as np
    from PIL import Image

    width_in, height_in = fig.get_size_inches()
    fits = _fits(fig)
    if margins is not None and fits:
        sp = fig.subplotpars
        fig.subplots_adjust(
            left=max(sp.left, margins[0]),
            bottom=max(sp.bottom, margins[1]),
            right=min(sp.right, margins[2]),
            top=min(sp.top, margins[3]),
        )
    canvas = _canvas(fig)
    adjusted = False
    for _attempt in range(3):
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())
        drawn = _drawn_box(pixels, fig)
        if drawn is not None:
            # content clear of every edge: nothing was drawn beyond the canvas, and the
            # pixels give the crop without measuring every artist again
            box = None
            break
        box = fig.get_tightbbox(canvas.get_renderer())  # inches
        over = _overflow(box, width_in, height_in)
        if not any(over):
            break
        sp = fig.subplotpars
        pad_w, pad_h = pad_inches / width_in, pad_inches / height_in
        wanted = (
            sp.left + (over[0] / width_in + pad_w if over[0] else 0.0),
            sp.bottom + (over[1] / height_in + pad_h if over[1] else 0.0),
            sp.right - (over[2] / width_in + pad_w if over[2] else 0.0),
            sp.top - (over[3] / height_in + pad_h if over[3] else 0.0),
        )
        if (
            not fits
            or wanted[2] - wanted[0] < 0.5 * (sp.right - sp.left)
            or (wanted[3] - wanted[1] < 0.5 * (sp.top - sp.bottom))
        ):
            # cannot (or should not) fit in the canvas: grow the canvas to the content, in
            # one more drawing with the box measured above
            buf = io.BytesIO()
            fig.savefig(buf, format="png", bbox_inches=box.padded(pad_inches))
            return base64.b64encode(buf.getvalue()).decode("ascii"), None
        fig.subplots_adjust(left=wanted[0], bottom=wanted[1], right=wanted[2], top=wanted[3])
        adjusted = True
    else:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=pad_inches)
        return base64.b64encode(buf.getvalue()).decode("ascii"), None
    used = None
    if adjusted or (fits and margins is not None):  # the margins this frame was drawn with
        sp = fig.subplotpars
        used = (sp.left, sp.bottom, sp.right, sp.top)
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    dpi = fig.dpi
    if box is None:
        left, top, right, bottom = drawn
    else:
        left, right = int(np.floor(box.x0 * dpi)), int(np.ceil(box.x1 * dpi))
        top, bottom = int(np.floor(height - box.y1 * dpi)), int(np.ceil(height - box.y0 * dpi))
    pad = int(round(pad_inches * dpi))
    left, top = max(0, left - pad), max(0, top - pad)
    right, bottom = min(width, right + pad), min(height, bottom + pad)
    buf = io.BytesIO()
    # compress_level 1: a few per cent larger than the default 6, several times faster
    Image.fromarray(pixels[top:bottom, left:right]).save(buf, format="png", compress_level=1)
    return base64.b64encode(buf.getvalue()).decode("ascii"), used


def _range_text(value) -> str:
    """The readout of a range selection: ``"first – last"``."""
    return f"{value[0]} – {value[1]}"


def _frame_key(values: dict) -> str:
    """A hashable key of control values (tuples of a multiple selection included)."""
    return repr(sorted(values.items()))


def _next_values(control) -> list:
    """The values one step from ``control``'s current value (see :meth:`View.neighbours`)."""
    value = control.value
    if isinstance(control, W.Checkbox | W.ToggleButton):
        return [not value]
    if isinstance(control, W.SelectMultiple):
        return []
    if isinstance(control, W.SelectionRangeSlider):
        lo, hi = control.index
        options = list(control._options_values)
        steps = [(lo - 1, hi), (lo + 1, hi), (lo, hi - 1), (lo, hi + 1)]
        return [(options[a], options[b]) for a, b in steps if 0 <= a <= b < len(options)]
    if isinstance(control, W.IntRangeSlider | W.FloatRangeSlider):
        lo, hi = value
        step = control.step
        steps = [(lo - step, hi), (lo + step, hi), (lo, hi - step), (lo, hi + step)]
        return [(a, b) for a, b in steps if control.min <= a <= b <= control.max]
    if isinstance(control, W.IntSlider | W.FloatSlider):
        return [
            v
            for v in (value - control.step, value + control.step)
            if control.min <= v <= control.max
        ]
    options = getattr(control, "_options_values", None)
    if options is not None:  # Dropdown, ToggleButtons, RadioButtons, Select
        return [v for v in options if v != value]
    return []


class View(W.VBox):
    """Controls plus an output area driven by a render function.

    Parameters
    ----------
    render : callable
        ``render(**values) -> (figure or Axes or None, DataFrame or None)``; it
        draws a fresh matplotlib figure for the control values.
    controls : dict of str to ipywidgets.ValueWidget
        Keyword name → control; each control's ``value`` is passed to ``render``.
    title : str, optional
        Heading of the static twin.

    Attributes
    ----------
    redraws : int
        Redraws so far (the number after the marker in the output).
    timings : list of tuple
        ``(milliseconds, cached)`` of each redraw in the kernel: render, PNG and
        the output messages; ``cached`` when the frame was drawn before.
    """

    def __init__(self, render: Callable, controls: dict, *, title: str | None = None):
        self.render = render
        self.controls = dict(controls)
        self.title = title
        self.output = W.Output()
        self.last_figure = None
        self.last_table = None
        self._png = None  # the current figure as PNG, rendered once per redraw
        self._frames: OrderedDict = OrderedDict()  # control values -> (figure, table, png)
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

    def _frame(self, values: dict):
        """Return ``(figure, table, png, cached)`` for ``values``, drawing it if new."""
        import matplotlib.pyplot as plt

        key = _frame_key(values)
        frame = self._frames.get(key)
        if frame is not None:
            self._frames.move_to_end(key)
            return (*frame, True)
        result = self.render(**values)
        fig, table = result if isinstance(result, tuple) else (result, None)
        if fig is not None and hasattr(fig, "get_figure") and not hasattr(fig, "savefig"):
            fig = fig.get_figure()
        # One PNG per redraw serves both the live output and the static twin; the figure
        # object stays inspectable but leaves pyplot, so the inline backend does not show
        # it a second time at the end of the cell.
        png = None
        if fig is not None:
            png, self._margins = _figure_png(fig, margins=self._margins)
        if fig is not None:
            plt.close(fig)
        self._frames[key] = (fig, table, png)
        if len(self._frames) > FRAME_CACHE_SIZE:
            self._frames.popitem(last=False)
        return fig, table, png, False

    def _draw(self) -> bool:
        """Set the figure, table and PNG for the current values; return True if cached."""
        self.last_figure, self.last_table, self._png, cached = self._frame(self.values)
        return cached

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
        cached = self._draw()
        table = self.last_table
        self.output.clear_output(wait=True)
        with self.output:
            if self._png is not None:
                display(Image(data=base64.b64decode(self._png), format="png"))
            if table is not None:
                # the same table as the static twin: no pandas index column
                display(HTML(table.to_html(index=False, border=0, max_rows=60, escape=True)))
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
        if self._png is not None:
            alt = html.escape(self.title or "figure", quote=True)
            parts.append(f'<img alt="{alt}" src="data:image/png;base64,{self._png}"/>')
        if self.last_table is not None:
            parts.append(self.last_table.to_html(index=False, border=0, max_rows=60, escape=True))
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


def build_view(render: Callable, controls: dict, *, title: str | None = None) -> View:
    """Return a :class:`View` of ``render`` driven by ``controls``.

    Examples
    --------
    >>> import ipywidgets as W
    >>> view = build_view(lambda n: (None, None), {"n": W.IntSlider(value=1)})
    >>> view.values
    {'n': 1}
    """
    return View(render, controls, title=title)
