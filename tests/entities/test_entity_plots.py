"""The entities' figures in reader's terms: list names, owners' colours, nothing hidden."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from toolkit.entities.plots import listing_style, plot_cross_listed, plot_listings  # noqa: E402
from toolkit.viz.palettes import JURISDICTION_COLOURS  # noqa: E402


def test_cross_listed_pairs_are_named_as_a_reader_knows_the_lists():
    data = pd.DataFrame({"list_a": ["ofac_sdn", "ofac_sdn", "un"], "list_b": ["dfat"] * 3})
    ax = plot_cross_listed(data)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["OFAC SDN (US) & DFAT (Australia)", "UN Security Council & DFAT (Australia)"]
    plt.close(ax.figure)


def test_listings_keep_their_owners_colours_and_the_legend_off_the_lines():
    dates = pd.to_datetime(["2022-01-01", "2023-01-01", "2024-01-01"])
    data = pd.concat(
        [
            pd.DataFrame({"jurisdiction": name, "date": dates, "count": counts})
            for name, counts in [
                ("OFAC (US)", [500, 2000, 4000]),
                ("OFAC (US), whole list", [9000, 12000, 15000]),
                ("DFAT (Australia)", [10, 300, 600]),
            ]
        ]
    )
    fig, ax = plt.subplots()
    plot_listings(data, ax=ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["OFAC (US)"].get_color() == JURISDICTION_COLOURS["US"]
    assert lines["OFAC (US), whole list"].get_linestyle() == "--"
    assert lines["DFAT (Australia)"].get_color() == JURISDICTION_COLOURS["Australia"]
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # beside the axes: it covers no line
    assert listing_style("Some other list", 0)["color"] not in JURISDICTION_COLOURS.values()
    plt.close(fig)
