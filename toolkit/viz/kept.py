"""A view's kept figure made ready for the next frame: cleared, its tick objects kept.

A widget view whose frames differ in everything (lines, axis kind, events, legends)
still need not build a new figure per frame: :func:`reuse_axes` clears the Axes of
the kept figure back to the state of a new one (as ``Axes.clear`` does) but keeps
the tick objects it made, which are most of the cost of drawing an Axes the first
time, and puts the subplot margins back to their defaults, so the plot drawn on it is
the plot a new figure would get.
"""

from __future__ import annotations

__all__ = ["reuse_axes"]


def reuse_axes(ax):
    """Clear ``ax`` for a new plot, as on a new figure, keeping its tick objects; return it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The only Axes of a view's kept figure.

    Returns
    -------
    matplotlib.axes.Axes
        The same Axes: no artist, default scales, limits, labels, converters and
        subplot margins, axis shown; its tick objects (made on the first drawing and
        updated at each drawing) reused.
    """
    from matplotlib.figure import SubplotParams

    kept = {}
    for axis in (ax.xaxis, ax.yaxis):
        # the tick lists live in the instance once made (a lazy descriptor makes them)
        kept[axis] = {
            k: axis.__dict__[k] for k in ("majorTicks", "minorTicks") if k in axis.__dict__
        }
    ax.clear()
    ax.set_axis_on()
    for axis, ticks in kept.items():
        for name, tick_list in ticks.items():
            if tick_list:
                setattr(axis, name, tick_list)
    defaults = SubplotParams()
    ax.figure.subplots_adjust(
        left=defaults.left,
        bottom=defaults.bottom,
        right=defaults.right,
        top=defaults.top,
        wspace=defaults.wspace,
        hspace=defaults.hspace,
    )
    return ax
