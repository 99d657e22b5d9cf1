"""Each view's static twin reaches the report: its own figure output, written as SVG + CSV with its vintage.

The views of notebooks 01 (entity look-up), 02 (rerouting), 03 (trade) and 05
(circumvention) are displayed in an IPython shell as a notebook cell would display them;
the outputs go through the report's own figure writer (``toolkit.report.figures``).
"""

from __future__ import annotations

import io

import nbformat
import pandas as pd
import pytest

from toolkit.report.figures import take_figures
from toolkit.viz.publish import FIGURE_MIMETYPE
from toolkit.viz.widgets import VIEW_CLASS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()  # the one another test made, or a new one


def displayed(shell, view):
    """Return the outputs of a cell displaying ``view`` (nbformat output nodes)."""
    from IPython.display import display
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        display(view)
    return [nbformat.v4.new_output("display_data", data=o.data) for o in captured.outputs]


def report_of(outputs, tmp_path, run="nb"):
    """Run the report's figure writer over one cell holding ``outputs``; return its entries."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("view")
    cell.outputs = outputs
    nb.cells = [cell]
    return take_figures(nb, run, tmp_path), cell


def check_twin(shell, view, name, as_of, tmp_path):
    """The assertions every twin must pass; return the CSV written, read back."""
    outputs = displayed(shell, view)
    widget = [o for o in outputs if WIDGET_VIEW in o["data"]]
    records = [o for o in outputs if FIGURE_MIMETYPE in o["data"]]
    # the widget and the figure record are two outputs: the record's caption replaces
    # only the record's text/html, the widget's twin (image + table) stays
    assert len(widget) == 1 and len(records) == 1
    assert FIGURE_MIMETYPE not in widget[0]["data"]
    assert outputs.index(widget[0]) < outputs.index(records[0])
    entries, cell = report_of(outputs, tmp_path)
    assert [e["name"] for e in entries] == [name]
    assert entries[0]["as_of"] == as_of
    svg = (tmp_path / entries[0]["svg"]).read_text()
    assert svg.startswith("<?xml") and f"Data as of {as_of}" in svg
    csv = (tmp_path / entries[0]["csv"]).read_text()
    twin_html = cell.outputs[0]["data"]["text/html"]
    assert "data:image/png;base64," in twin_html and f"Data as of {as_of}" in twin_html
    caption = cell.outputs[1]["data"]["text/html"]
    assert f"Data as of {as_of}." in caption and f"{name}.svg" in caption
    assert VIEW_CLASS in view._dom_classes
    return pd.read_csv(io.StringIO(csv))


def test_trade_twin_lands_as_svg_and_csv_of_the_plotted_rows(shell, tmp_path):
    from toolkit.themes import trade
    from toolkit.themes.trade.views import trade_view

    annual = trade.load_us_russia_trade()
    monthly = trade.load_us_russia_trade(freq="monthly")
    view = trade_view(annual, monthly, start=2015, flows=("imports",))
    measured = monthly.dropna(subset=["value_usd_m"])["date"].max()
    plotted = check_twin(shell, view, "trade-view", f"{measured:%Y-%m}", tmp_path)
    # exactly the plotted rows: imports 2015-2024, one per year
    assert set(plotted["flow"]) == {"imports"}
    assert plotted["year"].tolist() == list(range(2015, 2025))
    expected = annual[(annual.flow == "imports") & (annual.year >= 2015)]["value_usd_m"]
    assert plotted["value_usd_m"].tolist() == pytest.approx(expected.tolist())


def test_rerouting_twin_is_dated_by_its_series(shell, tmp_path):
    from toolkit.themes.resilience import load_mirror_trade
    from toolkit.themes.resilience.views import rerouting_view

    mirror = load_mirror_trade(full_years=True)
    view = rerouting_view(mirror, partners=["Kyrgyzstan"], base_year=2021, series="eu_exports")
    latest = int(mirror.loc[mirror.series == "eu_exports", "year"].max())
    plotted = check_twin(shell, view, "rerouting-view", str(latest), tmp_path)
    assert set(plotted["partner"]) == {"Kyrgyzstan"} and plotted["year"].max() == latest
    assert plotted.loc[plotted.year == 2021, "index"].tolist() == [100.0]


def test_circumvention_twin_is_dated_by_its_last_month_with_a_value(shell, tmp_path):
    from toolkit.themes.resilience import cn8_panel as cnp
    from toolkit.themes.resilience import groupings as gr
    from toolkit.themes.resilience.circumvention_views import circumvention_view

    rows = []
    months = [f"2021-{m:02d}" for m in range(1, 13)] + [f"2022-{m:02d}" for m in range(1, 13)]
    for partner, value in (("Russian Federation (Russia)", 100.0), ("Armenia", 10.0)):
        for period in months:
            shown = None if period == "2022-12" else value  # the last month all ':'
            rows.append(("Austria", partner, "85423111", period, shown))
            rows.append(("Austria", partner, "TOTAL", period, shown and 10 * shown))
    df = pd.DataFrame(rows, columns=["reporter", "partner", "product_code", "period", "value_eur"])
    df = df.assign(product=df["product_code"], flow="EXPORT")
    totals = cnp.group_totals(df, gr.product_groups(df["product_code"].unique()))
    view = circumvention_view(
        totals, group=gr.CHPL_ALL, partner="Armenia", period="2022-03..2022-11",
        neighbours=["Armenia"],
    )  # fmt: skip
    plotted = check_twin(shell, view, "circumvention-view", "2022-11", tmp_path)
    assert set(plotted["partner"]) == {"Russia", "Armenia"}
    assert set(plotted["group"]) == {gr.CHPL_ALL}


def test_entity_lookup_twin_names_each_lists_vintage(shell, tmp_path, shared_data):
    from toolkit.entities._data import FILES

    missing = [rel for rel in FILES.values() if not (shared_data / rel).exists()]
    if missing:
        pytest.skip(f"real lists absent from {shared_data}: {', '.join(missing)}")
    from toolkit.entities import listing_events
    from toolkit.entities.views import lookup_view

    events = listing_events()
    latest = events.groupby("list")["date_latest"].max()
    view = lookup_view("Sberbank")
    as_of = view.twin.as_of
    for name, date in latest.items():
        assert f"{date:%Y-%m-%d}" in as_of, name
    plotted = check_twin(shell, view, "entity-lookup", as_of, tmp_path)
    assert len(plotted) and {"list", "entity_id", "event"} <= set(plotted.columns)
