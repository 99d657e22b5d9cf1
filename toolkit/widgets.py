"""Widget views with a static twin: live controls in JupyterLab, a real figure and table elsewhere.

A :class:`View` is an ipywidgets box (controls above an output area). Its
display bundle carries, next to the widget, a ``text/html`` static twin (the
current view as a PNG image plus its table), so a papermill run exported to
HTML, or any front end without a live kernel, shows the figure instead of a
blank widget.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable

import ipywidgets as W

#: Text printed after each redraw; browser tests wait for it.
REDRAW_MARKER = "view updated"


def _figure_png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


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
    """

    def __init__(self, render: Callable, controls: dict, *, title: str | None = None):
        self.render = render
        self.controls = dict(controls)
        self.title = title
        self.output = W.Output()
        self.last_figure = None
        self.last_table = None
        self._png = None  # the current figure as PNG, rendered once per redraw
        for control in self.controls.values():
            if isinstance(control, W.IntRangeSlider | W.SelectionRangeSlider):
                # A range readout ("1992 – 2024") is wider than the default slider
                # readout; a wider slider with a wide readout keeps it legible.
                if not control.layout.width:
                    control.layout.width = "460px"
                control.style.description_width = "initial"
        bar = W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))
        super().__init__(children=[bar, self.output])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        """The current control values, by keyword."""
        return {k: c.value for k, c in self.controls.items()}

    def _draw(self):
        import matplotlib.pyplot as plt

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
        return fig, table

    def refresh(self) -> None:
        """Redraw the output for the current control values."""
        from IPython.display import HTML, Image, display

        _, table = self._draw()
        self.output.clear_output(wait=True)
        with self.output:
            if self._png is not None:
                display(Image(data=base64.b64decode(self._png), format="png"))
            if table is not None:
                # the same table as the static twin: no pandas index column
                display(HTML(table.to_html(index=False, border=0, max_rows=60, escape=True)))
            print(REDRAW_MARKER)

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
