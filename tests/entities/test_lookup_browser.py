"""The entity look-up in real JupyterLab (headless Chromium): type a name, see its match."""

from __future__ import annotations

import uuid

import nbformat
import pytest
from support.lab import error_outputs, notebook_json, open_in_lab, require_browser, run_all_in_lab

from toolkit.viz.widgets import REDRAW_MARKER

sync_api = require_browser()
expect = sync_api.expect

# the look-up builds its index (every list) when the view is made: minutes on 2 busy cores
pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]
WAIT_MS = 600_000


@pytest.fixture
def lookup_notebook(lab, lists_present):
    """A notebook whose one cell shows the look-up (as notebook 01's entity section does)."""
    name = f"lookup-{uuid.uuid4().hex[:8]}.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "sanctions-toolkit", "display_name": "sanctions-toolkit"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from toolkit.entities.views import lookup_view\nlookup_view('Sberbank')"
        )
    ]
    nbformat.write(nb, lab.root / name)
    yield name
    lab.delete_sessions(name)
    (lab.root / name).unlink(missing_ok=True)


def test_typing_a_name_shows_its_match(lab, browser, lookup_notebook):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(WAIT_MS)
    try:
        open_in_lab(page, lab, lookup_notebook)
        run_all_in_lab(page, WAIT_MS)
        assert not error_outputs(notebook_json(page))
        output = page.locator(".widget-output").last
        expect(output).to_contain_text(REDRAW_MARKER, timeout=WAIT_MS)
        expect(output.locator("table")).to_contain_text("SBERBANK")
        box = page.locator(".widget-text input").last
        box.fill("Евгений Викторович Пригожин")
        box.press("Enter")
        expect(output.locator("table")).to_contain_text("PRIGOZHIN", timeout=120_000)
        expect(output.locator("table")).to_contain_text("21171")  # his OFAC ent_num
        expect(output.locator("table")).not_to_contain_text("SBERBANK")
        assert not errors, errors
    finally:
        page.close()
