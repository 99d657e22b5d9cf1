"""End to end: every theme notebook in real JupyterLab, and a Voilà dashboard, in headless Chromium.

Each notebook of ``notebooks/`` (a notebook added later is picked up by the glob) is
copied into a throwaway Lab root, opened, run with Run All Cells, and checked: no
error output, every toolkit view rendered as live controls (not its text or static
twin), one control per view changed with the view's figure redrawn. A notebook
whose code builds no widget is still run and checked for errors; it has nothing to
change. A screenshot
of each notebook is saved in a temporary folder whose path the run prints (set
``SANCTIONS_E2E_SCREENSHOTS`` to choose it).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from support.lab import (
    CONTROL_SELECTOR,
    WIDGET_FAILURES,
    VoilaServer,
    error_outputs,
    has_widget_code,
    install_timer,
    kernel_print,
    notebook_json,
    open_in_lab,
    redraw_count,
    require_browser,
    run_all_in_lab,
    timed_change,
    view_outputs,
)

from toolkit.paths import notebooks_dir
from toolkit.report.execute import ensure_kernel
from toolkit.viz.widgets import REDRAW_MARKER, VIEW_CLASS

sync_api = require_browser()
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
STATIC_TWIN_NOTE = "Static view of the default settings"  # only in a view's text/html twin
RUN_ALL_MS = 180_000  # the longest theme notebook runs in ~20 s; 2 shared cores are slow
WAIT_MS = 60_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="session")
def screenshots(request):
    """The folder of this run's screenshots (kept after the run; its path is printed)."""
    chosen = os.environ.get("SANCTIONS_E2E_SCREENSHOTS")
    folder = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="sanctions-e2e-"))
    folder.mkdir(parents=True, exist_ok=True)
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")

    def say(line):  # on the terminal even while pytest captures the tests' output
        if reporter is None:
            return
        if capture is None:
            reporter.write_line(line)
            return
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)

    say(f"end-to-end screenshots: {folder}")
    yield folder
    say(f"end-to-end screenshots saved in {folder}")


@pytest.fixture
def page(browser):
    """A new tab; console errors and uncaught page errors are collected in ``page.errors``."""
    page = browser.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(WAIT_MS)
    try:
        yield page
    finally:
        page.close()


def _src(locator):
    return locator.locator("img").first.get_attribute("src")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_lab_and_each_view_responds(path, lab, page, screenshots):
    widgets = has_widget_code(path)
    name = f"{path.stem}-{uuid.uuid4().hex[:6]}.ipynb"
    shutil.copy(path, lab.root / name)
    try:
        open_in_lab(page, lab, name)
        run_all_in_lab(page, RUN_ALL_MS)
        nb = notebook_json(page)
        assert not error_outputs(nb), f"{path.name}: error outputs {error_outputs(nb)}"
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] for c in code), f"{path.name}: a cell did not run"
        assert any(c["outputs"] for c in code), f"{path.name}: no cell has an output"
        cells_with_views = view_outputs(nb, STATIC_TWIN_NOTE)
        if not widgets:
            # a notebook without widgets (e.g. an overview): it runs clean in Lab, shows
            # no widget, and its screenshot is kept; there is no control to change
            assert not cells_with_views, f"{path.name} displayed a view its code does not build"
            expect(page.locator(".jupyter-widgets")).to_have_count(0)
            page.screenshot(path=screenshots / f"{path.stem}.png")
            print(f"{path.stem}: no widget in its code; ran clean, nothing to change")
            assert not page.errors, page.errors
            return
        assert cells_with_views, f"{path.name} has widget code but displayed no toolkit view"

        # every view is live controls + output, never its static twin or a text repr
        views = page.locator(f".{VIEW_CLASS}")
        expect(views).to_have_count(len(cells_with_views))
        expect(page.get_by_text(STATIC_TWIN_NOTE)).to_have_count(0)
        for failure in WIDGET_FAILURES:
            expect(page.get_by_text(failure)).to_have_count(0)
        expect(
            page.locator(".jp-OutputArea-output").get_by_text(re.compile(r"^VBox\("))
        ).to_have_count(0)

        for i in range(len(cells_with_views)):
            view = views.nth(i)
            output = view.locator(".widget-output")
            expect(output).to_contain_text(f"{REDRAW_MARKER} #1")
            assert view.locator(CONTROL_SELECTOR).count() >= 1, f"view {i}: no control rendered"
            expect(output.locator("img")).to_have_count(1)
            view.scroll_into_view_if_needed()
            before_src = _src(output)
            before_table = output.locator("table").all_inner_texts()
            shown = redraw_count(output, REDRAW_MARKER)
            install_timer(page, view, REDRAW_MARKER)
            what, browser_ms, kernel_ms, marker = timed_change(page, view, 0, REDRAW_MARKER)
            assert redraw_count(output, REDRAW_MARKER) == shown + 1, (what, marker)
            # the figure is another image (compared without printing the base64 PNGs)
            after_src = _src(output)
            assert after_src and after_src != before_src, (
                f"view {i}: {what} left the figure as it was"
            )
            expect(output.locator("img")).to_have_count(1)
            expect(output.get_by_text(REDRAW_MARKER)).to_have_count(1)
            stderr = output.locator('[data-mime-type="application/vnd.jupyter.stderr"]')
            expect(stderr).to_have_count(0)
            after_table = output.locator("table").all_inner_texts()
            print(
                f"{path.stem} view {i}: {what} -> {marker}; browser {browser_ms:.0f} ms; "
                f"table {'changed' if after_table != before_table else 'same'}"
            )
            view.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 200",
                arg=output.locator("img").element_handle(),
            )
            suffix = "" if i == 0 else f"-view{i + 1}"
            page.screenshot(path=screenshots / f"{path.stem}{suffix}.png")
        assert not page.errors, page.errors
    finally:
        lab.delete_sessions(name)
        (lab.root / name).unlink(missing_ok=True)


TRADE = notebooks_dir() / "03-trade.ipynb"


@pytest.mark.skipif(not TRADE.exists(), reason="notebooks/03-trade.ipynb is not in this checkout")
def test_lab_kernel_pre_draws_the_next_frames_after_a_change(lab, page):
    name = f"prefetch-{uuid.uuid4().hex[:6]}.ipynb"
    shutil.copy(TRADE, lab.root / name)
    try:
        open_in_lab(page, lab, name)
        run_all_in_lab(page, RUN_ALL_MS)
        view = page.locator(f".{VIEW_CLASS}")
        output = view.locator(".widget-output")
        expect(output).to_contain_text(f"{REDRAW_MARKER} #1")
        assert kernel_print(page, "print(len(view._frames))").strip() == "1"  # batch: no more
        view.get_by_role("button", name="monthly").click()
        expect(output).to_contain_text(f"{REDRAW_MARKER} #2 (")
        # in its idle moments the kernel draws the frames one step away: the annual one
        # (kept already), the period one year shorter at either end, and log scale
        deadline = time.monotonic() + 60
        while int(kernel_print(page, "print(len(view._frames))")) < 5:
            assert time.monotonic() < deadline, "the kernel pre-drew no frame in 60 s"
            time.sleep(0.3)
        view.locator(".widget-checkbox input").check()
        expect(output).to_contain_text(re.compile(REDRAW_MARKER + r" #3 \(\d+ ms, cached\)"))
        assert kernel_print(page, "print(view.last_figure.axes[0].get_yscale())").strip() == "log"
        assert not page.errors, page.errors
    finally:
        lab.delete_sessions(name)
        (lab.root / name).unlink(missing_ok=True)


FONT_AWESOME_CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/@fortawesome/fontawesome-free@")


@pytest.fixture
def voila():
    """Voilà serving a copy of 03-trade (code hidden), stopped even when the test fails."""
    ensure_kernel()
    server = VoilaServer([TRADE])
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.skipif(not TRADE.exists(), reason="notebooks/03-trade.ipynb is not in this checkout")
def test_voila_dashboard_hides_code_and_its_slider_redraws_the_view(voila, page, screenshots):
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(voila.dashboard_url(TRADE.name), timeout=RUN_ALL_MS)
    view = page.locator(f".{VIEW_CLASS}")
    expect(view).to_have_count(1, timeout=RUN_ALL_MS)  # Voilà runs every cell first
    output = view.locator(".widget-output")
    expect(output).to_contain_text(f"{REDRAW_MARKER} #1")
    # a dashboard: outputs and text only, no code (the markdown cells keep their input area)
    expect(page.locator(".jp-CodeCell .jp-InputArea, .cm-editor")).to_have_count(0)
    expect(page.locator(".jp-MarkdownCell").first).to_be_visible()
    expect(page.get_by_text("trade_view(")).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_text(STATIC_TWIN_NOTE)).to_have_count(0)
    years = output.locator("table tbody tr td:nth-of-type(1)")
    expect(years.last).to_have_text("2024")
    before = _src(output)

    upper = view.locator(".noUi-handle-upper")
    upper.scroll_into_view_if_needed()
    upper.focus()
    upper.press("ArrowLeft")
    upper.press("ArrowLeft")
    expect(view.locator(".widget-readout")).to_have_text("1992 – 2022")
    expect(output).to_contain_text(f"{REDRAW_MARKER} #3")  # one redraw per step
    expect(years.last).to_have_text("2022")
    expect(years).to_have_count(31)  # 1992-2022
    assert _src(output) != before, "the figure did not change with the period"
    view.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "voila-03-trade.png")
    # Voila's page template links Font Awesome from a CDN; offline that request fails (our
    # controls use no icons). Any other failed request or page error fails the test.
    offline = [u for u in failed if FONT_AWESOME_CDN.match(u)]
    assert failed == offline, failed
    lost = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"
    errors = [e for e in page.errors if e != lost]
    assert not errors and page.errors.count(lost) <= len(offline), page.errors
