"""The trade widget view in real JupyterLab, driven in a real (headless Debian) Chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from support.lab import require_browser

from toolkit.paths import notebooks_dir
from toolkit.report.execute import KERNEL_DISPLAY_NAME, KERNEL_NAME
from toolkit.viz.widgets import REDRAW_MARKER

sync_api = require_browser()
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

NOTEBOOK = notebooks_dir() / "03-trade.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_TWIN_NOTE = "Static view of the default settings"  # only in the text/html twin
WAIT_MS = 60_000  # a first Lab page and kernel on 2 busy cores can take several seconds
expect.set_options(timeout=WAIT_MS)  # expect() waits 5 s by default, whatever the page says


@pytest.fixture
def page(browser, tmp_path):
    """A new tab; console errors and uncaught page errors are collected in ``page.errors``."""
    page = browser.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(WAIT_MS)
    yield page
    # last view of the tab, for a failure's post-mortem (pytest keeps the last runs' tmp_path)
    page.screenshot(path=tmp_path / "lab.png")
    page.close()


@pytest.fixture(scope="module")
def report_notebook(tmp_path_factory):
    """03-trade executed on its default profile by `sanctions-toolkit report`, as `make report`."""
    out = tmp_path_factory.mktemp("report")
    # its own process, as `make report` runs it (and away from Playwright's event loop)
    cli = Path(sys.executable).with_name("sanctions-toolkit")
    done = subprocess.run(
        [str(cli), "report", "--only", NOTEBOOK.stem, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out / f"{NOTEBOOK.stem}.ipynb"


@pytest.fixture
def notebook(lab):
    """A copy of notebooks/03-trade.ipynb under a unique name (Lab keeps sessions by path)."""
    name = f"trade-{uuid.uuid4().hex[:8]}.ipynb"
    shutil.copy(NOTEBOOK, lab.root / name)
    yield name
    lab.delete_sessions(name)
    (lab.root / name).unlink(missing_ok=True)


def _open_and_run_all(page, lab, name):
    """Open ``name`` in Lab, wait for its kernel, run all cells; return the widget's cell."""
    page.goto(lab.lab_url(name))
    page.wait_for_function(
        "name => window.jupyterapp?.shell.currentWidget?.context?.path === name", arg=name
    )
    # The toolbar says idle before the kernel is connected, and "run all" issued then runs
    # nothing: await the document and the session, then a connected, idle kernel.
    page.evaluate(
        """async () => {
            const panel = jupyterapp.shell.currentWidget;
            await panel.context.ready;
            await panel.sessionContext.ready;
        }"""
    )
    page.wait_for_function(
        """() => {
            const kernel = jupyterapp.shell.currentWidget.sessionContext.session?.kernel;
            return kernel?.connectionStatus === "connected" && kernel.status === "idle";
        }"""
    )
    # what a researcher does: Run menu, Run All Cells
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # the view's cell (the notebook's later cells, e.g. its claims section, hold no widget)
    cell = page.locator(".jp-CodeCell").filter(has=page.locator(".widget-output")).last
    expect(cell.locator(".widget-output")).to_contain_text(REDRAW_MARKER, timeout=WAIT_MS)
    # ...and the cells after the view have run too
    page.wait_for_function(
        """() => jupyterapp.shell.currentWidget.content.model.toJSON().cells
            .filter(c => c.cell_type === "code").every(c => c.execution_count)""",
        timeout=WAIT_MS,
    )
    return cell


def _notebook_json(page):
    """The notebook as Lab holds it now (nbformat JSON, outputs included)."""
    return page.evaluate("() => jupyterapp.shell.currentWidget.content.model.toJSON()")


def _table_column(output, n):
    """Texts of the n-th data column (0 = first after the index) of the view's table."""
    return output.locator(f"table tbody tr td:nth-of-type({n + 1})")


def _wait_for_new_figure(page, output, before):
    """Wait until the view's image is another one than ``before`` (its data: URL)."""
    # compared in the page: a failed expect() would print the whole base64 PNG
    page.wait_for_function(
        "([output, before]) => output.querySelector('img')?.src !== before",
        arg=[output.element_handle(), before],
    )


def _expect_one_redraw(output):
    """The output shows exactly one figure, one table and one redraw marker."""
    expect(output.locator("img")).to_have_count(1)
    expect(output.locator("table")).to_have_count(1)
    expect(output.get_by_text(REDRAW_MARKER)).to_have_count(1)


def test_lab_shows_the_live_trade_view_and_the_log_box_redraws_it(lab, page, notebook):
    spec = lab.api("kernelspecs")["kernelspecs"][KERNEL_NAME]["spec"]
    assert spec["display_name"] == KERNEL_DISPLAY_NAME
    # the kernel is this environment's interpreter, not some other python3 on the machine
    assert Path(spec["argv"][0]).parent == Path(sys.executable).parent, spec["argv"]

    cell = _open_and_run_all(page, lab, notebook)
    (session,) = [s for s in lab.api("sessions") if s["path"] == notebook]
    assert session["kernel"]["name"] == KERNEL_NAME
    expect(page.locator(".jp-KernelName")).to_have_text(KERNEL_DISPLAY_NAME)
    cells = [c for c in _notebook_json(page)["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] for c in cells), "a cell did not run"
    errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, errors

    # the view's bundle carries the live widget and the static twin...
    (bundle,) = [
        o["data"]
        for c in cells
        for o in c["outputs"]
        if o["output_type"] == "display_data" and WIDGET_VIEW in o["data"]
    ]
    assert WIDGET_VIEW in bundle and STATIC_TWIN_NOTE in bundle["text/html"]
    # ...and Lab renders the widget (the live controls), not the text/html twin
    outputs = cell.locator(".jp-Cell-outputArea")
    for control in ["widget-hslider", "widget-select-multiple", "widget-toggle-buttons"]:
        expect(outputs.locator(f".{control}")).to_have_count(1)
    expect(outputs.locator(".widget-checkbox")).to_contain_text("log scale")
    expect(page.get_by_text(STATIC_TWIN_NOTE)).to_have_count(0)
    expect(outputs.locator('img[alt="US goods trade with Russia"]')).to_have_count(0)
    output = outputs.locator(".widget-output")
    _expect_one_redraw(output)
    years = _table_column(output, 0)
    expect(years).to_have_count(33)  # 1992-2024
    expect(years.first).to_have_text("1992")
    expect(_table_column(output, 1).first).to_have_text("2,112.5")  # exports 1992 (A01)
    expect(_table_column(output, 2).last).to_have_text("3,000.0")  # imports 2024 (USTR)

    before = output.locator("img").get_attribute("src")
    checkbox = outputs.locator(".widget-checkbox input")
    checkbox.check()
    expect(checkbox).to_be_checked()
    _wait_for_new_figure(page, output, before)
    _expect_one_redraw(output)
    expect(years).to_have_count(33)  # log scale: another figure, the same table
    assert not page.errors, page.errors
    assert page.get_by_text("Jupyter news").count() == 0  # the news toast is switched off


def test_lab_period_flow_and_frequency_controls_redraw_the_table(lab, page, notebook):
    cell = _open_and_run_all(page, lab, notebook)
    output = cell.locator(".widget-output")
    years = _table_column(output, 0)

    cell.locator(".widget-select-multiple select").select_option(["total"])
    expect(output.locator("table thead")).to_contain_text("total")
    expect(output.locator("table thead")).not_to_contain_text("exports")

    # keyboard on the slider handles (mouse drags are unreliable): upper 2024 -> 2022,
    # lower 1992 -> End (stops at the upper handle, 2022) -> 2020
    upper = cell.locator(".noUi-handle-upper")
    upper.focus()
    upper.press("ArrowLeft")
    upper.press("ArrowLeft")
    lower = cell.locator(".noUi-handle-lower")
    lower.focus()
    lower.press("End")
    lower.press("ArrowLeft")
    lower.press("ArrowLeft")
    expect(cell.locator(".widget-readout")).to_have_text("2020 – 2022")
    expect(years).to_have_text(["2020", "2021", "2022"])
    expect(_table_column(output, 1)).to_have_text(["21,791.1", "36,026.5", "16,093.2"])  # A29-31
    _expect_one_redraw(output)

    cell.get_by_role("button", name="monthly").click()
    expect(output.locator("table thead")).to_contain_text("month")
    expect(years).to_have_count(36)  # 2020-2022, 12 months each
    expect(_table_column(output, 1).first).to_have_text("1")  # the month column
    _expect_one_redraw(output)
    assert not page.errors, page.errors


def test_lab_shows_the_static_twin_of_a_report_notebook(lab, page, report_notebook):
    # A researcher opens reports/latest/03-trade.ipynb: its outputs come from another
    # process (untrusted), the widget models are gone; Lab must show the figure and table.
    name = f"report-{uuid.uuid4().hex[:8]}.ipynb"
    shutil.copy(report_notebook, lab.root / name)
    try:
        page.goto(lab.lab_url(name))
        page.wait_for_function(
            "name => window.jupyterapp?.shell.currentWidget?.context?.path === name", arg=name
        )
        page.evaluate("async () => { await jupyterapp.shell.currentWidget.context.ready; }")
        twin = page.locator('.jp-OutputArea-output[data-mime-type="text/html"]').filter(
            has_text=STATIC_TWIN_NOTE
        )
        expect(twin).to_have_count(1)
        figure = twin.locator('img[alt="US goods trade with Russia"]')
        expect(figure).to_have_count(1)
        # the PNG decodes and draws (a sanitizer stripping data: URLs would leave it empty)
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 500", arg=figure.element_handle()
        )
        expect(twin.locator("table tbody tr td").first).to_have_text("1992")
        expect(page.get_by_text("Error displaying widget")).to_have_count(0)
        assert not page.errors, page.errors
    finally:
        lab.delete_sessions(name)
