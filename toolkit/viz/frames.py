"""The frames of a widget view: a figure drawn once on a shared renderer and cut to a PNG.

A live frame is drawn at screen resolution (:data:`LIVE_DPI`) on an Agg renderer kept
between frames of the same size, so text measured for one frame is not measured again
and a text already rasterised (a tick label, a legend entry, an event label: most texts
of the next frame) is stamped from its kept bitmap instead of being laid out and
rendered glyph by glyph. The PNG is cropped from that one drawing, like
``bbox_inches="tight"`` without its second layout pass. The static twin is drawn from
the same figure at the report's resolution.
"""

from __future__ import annotations

import base64
import functools
import io
import struct
from collections import OrderedDict

__all__ = [
    "LIVE_DPI",
    "LIVE_RC",
    "Frame",
    "figure_png",
    "frame_key",
    "next_values",
    "png_size",
    "table_html",
]

#: Resolution of the live frames (screen pixels per inch); the static twin keeps the
#: figure's own (``rcParams["figure.dpi"]`` when the view was built).
LIVE_DPI = 72
#: rcParams while a live frame's figure is made: the title sits at the top of the axes
#: (where matplotlib's automatic placement puts it when no tick label is above the axes)
#: instead of being placed after measuring every tick label at each drawing.
LIVE_RC = {"axes.titley": 1.0}
#: Rasterised texts kept per renderer (string, font, size, angle -> glyph bitmaps).
TEXT_CACHE_SIZE = 4096

_RENDERERS: OrderedDict = OrderedDict()  # (width, height, dpi) -> renderer, shared by frames
_RENDERER_POOL_SIZE = 4
_TEXT_CACHES: dict = {}  # dpi -> (text layouts, text bitmaps), shared by that dpi's renderers


class _Recorder:
    """Stand-in for the C++ Agg renderer while one text is drawn: keeps its glyph images."""

    def __init__(self, real):
        self.real, self.images, self.other = real, [], False

    def draw_text_image(self, image, x, y, angle, gc):
        import numpy as np

        self.images.append((np.array(image, copy=True), x, y, angle))
        return self.real.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name):
        self.other = True  # drew something else (mathtext boxes): not kept
        return getattr(self.real, name)


def _text_key(s, prop, angle, gc, mtext) -> tuple:
    features = language = None
    if mtext is not None:
        features = repr(mtext.get_fontfeatures()) if hasattr(mtext, "get_fontfeatures") else None
        language = mtext.get_language() if hasattr(mtext, "get_language") else None
    return (
        s,
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
        angle,
        gc.get_antialiased(),
        features,
        language,
    )


def _layout_key(text, renderer) -> tuple | None:
    """Return what a text's layout depends on (None for a wrapped or TeX text: not kept)."""
    if text.get_wrap() or text.get_usetex():
        return None
    prop = text.get_fontproperties()
    return (
        text.get_text(),
        text._parse_math,
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
        prop.get_math_fontfamily(),
        text.get_rotation(),
        text.get_rotation_mode(),
        text.get_horizontalalignment(),
        text.get_verticalalignment(),
        text._get_multialignment(),
        text._linespacing,
        text.get_figure(root=True).dpi,
    )


@functools.cache
def _keep_layouts() -> None:
    """Make ``Text._get_layout`` keep its result per text state on a caching renderer.

    A text's layout (its box and line offsets relative to its anchor) depends only on
    the string, font, angle, alignment, spacing and resolution, not on where it is; a
    legend or a tick label measures each text several times per drawing and the next
    frame measures the same texts again. On any other renderer nothing changes.
    """
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    original = Text._get_layout

    def _get_layout(self, renderer):
        layouts = getattr(renderer, "text_layouts", None)
        key = None if layouts is None else _layout_key(self, renderer)
        if key is None:
            return original(self, renderer)
        kept = layouts.get(key)
        if kept is None:
            kept = layouts[key] = original(self, renderer)
            while len(layouts) > TEXT_CACHE_SIZE:
                layouts.popitem(last=False)
        bbox, info, box = kept
        return Bbox(bbox.get_points().copy()), list(info), box

    Text._get_layout = _get_layout


@functools.cache
def _renderer_class():
    from matplotlib.backends.backend_agg import RendererAgg

    class _TextCachingRenderer(RendererAgg):
        """An Agg renderer that keeps the glyph bitmaps of each text it has drawn.

        A text is placed on whole pixels (at most half a pixel from matplotlib's
        sub-pixel position) so that its bitmaps can be stamped again, in any colour, at
        the next frame's position of the same text.
        """

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # kept per resolution, shared by the renderers of every canvas size (a view whose
            # figure grows with its selection finds the texts it drew at another size)
            caches = _TEXT_CACHES.setdefault(self.dpi, (OrderedDict(), OrderedDict()))
            self.text_layouts, self.text_images = caches  # text state -> layout, -> bitmaps
            self.text_hits = 0

        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if ismath:
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            xi, yi = round(x), round(y)
            key = _text_key(s, prop, angle, gc, mtext)
            images = self.text_images.get(key)
            if images is not None:
                self.text_images.move_to_end(key)
                self.text_hits += 1
                for image, dx, dy, a in images:
                    self._renderer.draw_text_image(image, xi + dx, yi + dy, a, gc)
                return None
            real = self._renderer
            recorder = self._renderer = _Recorder(real)
            try:
                super().draw_text(gc, xi, yi, s, prop, angle, ismath, mtext)
            finally:
                self._renderer = real
            if not recorder.other:
                self.text_images[key] = [
                    (im, x0 - xi, y0 - yi, a) for im, x0, y0, a in recorder.images
                ]
                while len(self.text_images) > TEXT_CACHE_SIZE:
                    self.text_images.popitem(last=False)
            return None

    return _TextCachingRenderer


def _canvas(fig):
    """Return an Agg canvas for ``fig`` that draws with a renderer kept between frames.

    Matplotlib caches text measurements per renderer; a fresh canvas per frame gets a
    fresh renderer and measures every label again, which is most of a frame's drawing
    time. Frames of a view have the same size, so they share one renderer (which also
    keeps the bitmaps of the texts it drew).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer_class = _renderer_class()
    _keep_layouts()

    class _SharedRendererCanvas(FigureCanvasAgg):
        def get_renderer(self):
            w, h = self.get_width_height(physical=True)
            key = (w, h, self.figure.dpi)
            renderer = _RENDERERS.get(key)
            if renderer is None:
                renderer = _RENDERERS[key] = renderer_class(w, h, self.figure.dpi)
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
    # one comparison per pixel: each RGBA pixel read as one 32-bit word
    ink = np.ascontiguousarray(pixels).view(np.uint32)[..., 0] != background.view(np.uint32)[0]
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    height, width = ink.shape
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    if top == 0 or left == 0 or bottom == height or right == width:
        return None
    return int(left), int(top), int(right), int(bottom)


def figure_png(fig, pad_inches: float = 0.1, *, margins=None) -> tuple[str, tuple | None]:
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


class Frame:
    """One drawn frame: its figure and table, the live PNG and (once asked for) the twin's."""

    __slots__ = ("figure", "table", "png", "dpi", "twin", "key")

    def __init__(self, figure, table):
        self.figure, self.table = figure, table
        self.png = self.twin = None
        self.dpi = LIVE_DPI
        self.key = None


def png_size(png_b64: str) -> tuple[int, int]:
    """Return ``(width, height)`` in pixels of a base64 PNG, read from its header."""
    head = base64.b64decode(png_b64[:32])
    return struct.unpack(">II", head[16:24])


def frame_key(values: dict) -> str:
    """Return a hashable key of control values (tuples of a multiple selection included)."""
    return repr(sorted(values.items()))


def next_values(control) -> list:
    """Return the values one step from ``control``'s current value (see ``View.neighbours``)."""
    import ipywidgets as W

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


def table_html(table) -> str:
    """Return a view's table as HTML: formatted as the report's tables, no index column.

    Numbers get thousands separators, years none, and a missing or infinite value is "—"
    (:func:`toolkit.viz.publish.format_table`); the headers stay as the view names them.
    """
    from toolkit.viz.publish import format_table

    table = table.reset_index(drop=True)
    shown = format_table(table, labels={str(c): str(c) for c in table.columns})
    return shown.to_html(index=False, border=0, max_rows=60, escape=True)
