"""Widget views with a static twin: live controls in JupyterLab, a real figure and table elsewhere.

A :class:`View` is an ipywidgets box (controls above an output area). Its
display bundle carries, next to the widget, a ``text/html`` static twin (the
current view as a PNG image plus its table), so a papermill run exported to
HTML, or any front end without a live kernel, shows the figure instead of a
blank widget.

The update path is kept cheap: the data are bound once when the view is built
(no reload per change), each redraw draws its figure once (the tight crop is
cut from that one rendering instead of a second layout pass), and every frame
drawn is kept, so going back to an earlier setting redraws nothing.
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
FRAME_CACHE_SIZE = 64


def _figure_png(fig, pad_inches: float = 0.1) -> str:
    """Return ``fig`` as a base64 PNG cropped to its drawn content (like ``bbox_inches="tight"``).

    ``savefig(bbox_inches="tight")`` lays the figure out twice (once to measure,
    once to draw); here it is drawn once on an Agg canvas, measured with the
    renderer of that drawing and cropped from its pixel buffer.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer())  # inches
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    dpi = fig.dpi
    left, right = int(np.floor(box.x0 * dpi)), int(np.ceil(box.x1 * dpi))
    top, bottom = int(np.floor(height - box.y1 * dpi)), int(np.ceil(height - box.y0 * dpi))
    if left < 0 or top < 0 or right > width or bottom > height:
        # drawn beyond the canvas (a legend or long tick labels outside the figure):
        # only savefig's tight box, which grows the canvas, shows it whole
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=pad_inches)
        return base64.b64encode(buf.getvalue()).decode("ascii")
    pad = int(round(pad_inches * dpi))
    left, top = max(0, left - pad), max(0, top - pad)
    right, bottom = min(width, right + pad), min(height, bottom + pad)
    buf = io.BytesIO()
    # compress_level 1: a few per cent larger than the default 6, several times faster
    Image.fromarray(pixels[top:bottom, left:right]).save(buf, format="png", compress_level=1)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _frame_key(values: dict) -> str:
    """A hashable key of control values (tuples of a multiple selection included)."""
    return repr(sorted(values.items()))


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
        for control in self.controls.values():
            if isinstance(control, W.IntRangeSlider | W.SelectionRangeSlider):
                # A range readout ("1992 – 2024") is wider than the default slider
                # readout; a wider slider with a wide readout keeps it legible.
                if not control.layout.width:
                    control.layout.width = "460px"
                control.style.description_width = "initial"
        bar = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))
        super().__init__(children=[bar, self.output])
        self.add_class(VIEW_CLASS)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        """The current control values, by keyword."""
        return {k: c.value for k, c in self.controls.items()}

    def _draw(self) -> bool:
        """Set the figure, table and PNG for the current values; return True if cached."""
        import matplotlib.pyplot as plt

        key = _frame_key(self.values)
        frame = self._frames.get(key)
        if frame is not None:
            self._frames.move_to_end(key)
            self.last_figure, self.last_table, self._png = frame
            return True
        result = self.render(**self.values)
        fig, table = result if isinstance(result, tuple) else (result, None)
        if fig is not None and hasattr(fig, "get_figure") and not hasattr(fig, "savefig"):
            fig = fig.get_figure()
        self.last_figure, self.last_table = fig, table
        # One PNG per redraw serves both the live output and the static twin; the figure
        # object stays inspectable but leaves pyplot, so the inline backend does not show
        # it a second time at the end of the cell.
        self._png = None if fig is None else _figure_png(fig)
        if fig is not None:
            plt.close(fig)
        self._frames[key] = (fig, table, self._png)
        if len(self._frames) > FRAME_CACHE_SIZE:
            self._frames.popitem(last=False)
        return False

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
