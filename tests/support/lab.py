"""A throwaway JupyterLab server and a headless Debian Chromium, for the browser tests."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

#: Debian's Chromium (``apt-get install chromium``); Playwright drives it, never its own download.
CHROMIUM = Path("/usr/bin/chromium")

#: Flags that keep Chromium headless, quiet and off the network (tooling-notes.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]

# `--LabApp.news_url=None` leaves the "Jupyter news" toast; this user setting removes it.
_NOTIFICATION_SETTINGS = (
    "lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
)
# Every cell in the DOM (the default windowing detaches cells scrolled out of view, so a
# locator or a screenshot of a widget further down would find nothing).
_NOTEBOOK_SETTINGS = "lab/user-settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings"


def require_browser():
    """Skip the calling test module unless Debian's Chromium and Playwright are here.

    Returns
    -------
    module
        ``playwright.sync_api``.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: the browser tests drive Debian's Chromium "
            "(install it with: apt-get install -y chromium)",
            allow_module_level=True,
        )
    return pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is not installed (pip install -e '.[test]', or make env)",
    )


@pytest.fixture(scope="module")
def lab():
    """One JupyterLab server for the module, on this environment, in temporary folders."""
    from toolkit.report.execute import ensure_kernel

    ensure_kernel()  # the project's kernelspec, as `make env` and the batch runner install it
    server = LabServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium with a fresh profile, driven by Playwright."""
    from playwright import sync_api

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    playwright = sync_api.sync_playwright().start()
    try:
        context = launch_chromium(playwright, profile)
        try:
            yield context
        finally:
            context.close()
    finally:
        playwright.stop()
        shutil.rmtree(profile, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    """A Jupyter server process of this environment on 127.0.0.1, in temporary folders.

    The Jupyter config, data, runtime and IPython folders are temporary, so no user
    setting or old workspace leaks in; the environment's own ``share/jupyter``
    (kernelspecs, the ipywidgets extension) stays on the path through ``sys.prefix``.
    Subclasses build the command and say how to probe readiness.
    """

    name = "server"

    def __init__(self, prefix: str):
        self.base = Path(tempfile.mkdtemp(prefix=prefix))
        self.root = self.base / "root"
        self.root.mkdir()
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.base / "server.log"
        self.env = dict(os.environ)
        for var, sub in [
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("IPYTHONDIR", "ipython"),
        ]:
            self.env[var] = str(self.base / sub)
        self.env.pop("JUPYTER_PATH", None)  # only this environment's kernels and extensions
        self.env["NO_PROXY"] = "127.0.0.1,localhost"

    def _start(self, cmd: list[str], startup_timeout: float) -> None:
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        # own session: stop() can signal the server without touching the test process
        self.proc = subprocess.Popen(
            cmd,
            env=self.env,
            cwd=self.root,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready(startup_timeout)
        except BaseException:
            self.stop()
            raise

    def _probe(self) -> None:
        """Return when the server answers; raise URLError or ConnectionError before."""
        raise NotImplementedError

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                self._probe()
                return
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}"
                    ) from None
                time.sleep(0.2)

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log (stdout and stderr)."""
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server (it shuts its kernels down) and remove the temporary folders."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self._log.close()
        shutil.rmtree(self.base, ignore_errors=True)


class LabServer(_Server):
    """``jupyter lab`` of this interpreter's environment on 127.0.0.1, in temporary folders.

    Parameters
    ----------
    startup_timeout : float
        Seconds to wait for ``/api/status`` to answer.
    """

    name = "jupyter lab"

    def __init__(self, *, startup_timeout: float = 60.0):
        super().__init__("lab-test-")
        settings = self.base / "config" / _NOTIFICATION_SETTINGS
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        notebook_settings = self.base / "config" / _NOTEBOOK_SETTINGS
        notebook_settings.parent.mkdir(parents=True, exist_ok=True)
        notebook_settings.write_text(json.dumps({"windowingMode": "none"}))
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",  # fail loudly instead of serving on another port
            f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to await the kernel
        ]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self._start(cmd, startup_timeout)

    def _probe(self) -> None:
        self.api("status")

    def api(self, path: str, method: str = "GET"):
        """Call the REST API at ``/api/<path>`` with the token; return the decoded JSON."""
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def lab_url(self, name: str) -> str:
        """URL opening ``name`` (relative to the root) in a reset workspace."""
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"

    def delete_sessions(self, path: str) -> None:
        """Shut down the kernel sessions of the notebook ``path`` (they outlive the page)."""
        for session in self.api("sessions"):
            if session["path"] == path:
                self.api(f"sessions/{session['id']}", method="DELETE")


class VoilaServer(_Server):
    """``voila`` of this environment on 127.0.0.1 with a token, serving a temporary root folder.

    Parameters
    ----------
    notebooks : list of pathlib.Path
        Notebooks copied into the root (they run there, as ``make dashboard`` runs them).
    startup_timeout : float
        Seconds to wait for the tree page to answer.
    """

    name = "voila"

    def __init__(self, notebooks, *, startup_timeout: float = 60.0):
        super().__init__("voila-test-")
        for nb in notebooks:
            shutil.copy(nb, self.root / Path(nb).name)
        cmd = [
            sys.executable,
            "-m",
            "toolkit.report.dashboard",  # voila with bounded kernel waits, as `make dashboard` runs it
            str(self.root),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={self.port}",
            f"--token={self.token}",
            "--show_tracebacks=True",  # a failing cell shows its traceback, so the test names it
        ]
        self._start(cmd, startup_timeout)

    def _probe(self) -> None:
        with urllib.request.urlopen(f"{self.url}/?token={self.token}", timeout=10):
            return

    def dashboard_url(self, name: str) -> str:
        """URL of the dashboard of the notebook ``name`` (relative to the root)."""
        return f"{self.url}/voila/render/{name}?token={self.token}"


# --- driving a notebook and its widget views in the page (Lab or Voilà) -------------------

#: Mime type of a widget view in a notebook's outputs.
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
#: Control classes of ipywidgets 8 in the DOM; a view must render at least one of them.
CONTROL_SELECTOR = ", ".join(
    f".{c}"
    for c in (
        "widget-toggle-buttons",
        "widget-checkbox",
        "widget-dropdown",
        "widget-slider",
        "widget-hslider",
        "widget-select-multiple",
        "widget-text",
    )
)
#: Names typed, in turn, into a view's text box (a name search: each finds other entries).
TEXT_QUERIES = ("Sberbank", "Rosneft", "Gazprombank", "Alrosa")
#: Texts Lab shows when a widget fails to render (instead of the controls).
WIDGET_FAILURES = ("Error displaying widget", "Failed to load model class", "Loading widget...")


# Source that builds a widget: a toolkit view (`*_view(`, `*_explorer(`, `build_view(`) or
# ipywidgets used directly. A notebook without any has nothing for the browser tests to drive.
WIDGET_SOURCE = re.compile(r"\b\w*_view\(|\b\w*_explorer\(|\bbuild_view\(|ipywidgets|\binteract\(")


def has_widget_code(path) -> bool:
    """True if a code cell of the notebook ``path`` builds a widget (see :data:`WIDGET_SOURCE`)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return any(
        c.cell_type == "code"
        and WIDGET_SOURCE.search(c.source.replace("trade.mirror_view(", ""))  # a table, not a view
        for c in nb.cells
    )


def launch_chromium(playwright, profile):
    """Return a persistent headless Chromium context on ``profile`` (a fresh folder)."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1400, "height": 1000},
    )


def open_in_lab(page, lab, name):
    """Open ``name`` in Lab and wait until its kernel is connected and idle."""
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


def run_all_in_lab(page, timeout_ms: float):
    """Run menu > Run All Cells; wait until every code cell ran (or one failed) and idle."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(
        """() => {
            const panel = jupyterapp.shell.currentWidget;
            const kernel = panel.sessionContext.session?.kernel;
            const cells = panel.content.widgets.filter(c => c.model.type === "code");
            const failed = cells.some(c => {
                const out = c.model.outputs;
                for (let i = 0; i < out.length; i++) if (out.get(i).type === "error") return true;
                return false;
            });
            const ran = cells.every(c => c.model.executionCount !== null);
            return kernel?.status === "idle" && (ran || failed);
        }""",
        timeout=timeout_ms,
        polling=250,
    )


def notebook_json(page):
    """The notebook as Lab holds it now (nbformat JSON, outputs included)."""
    return page.evaluate("() => jupyterapp.shell.currentWidget.content.model.toJSON()")


def error_outputs(nb_json):
    """``(cell index, ename: evalue)`` of every error output of the notebook JSON."""
    return [
        (i, f"{o.get('ename')}: {o.get('evalue')}")
        for i, c in enumerate(nb_json["cells"])
        for o in c.get("outputs", [])
        if o["output_type"] == "error"
    ]


def view_outputs(nb_json, static_note):
    """Indices of the cells whose output is a toolkit view (widget plus static twin)."""
    return [
        i
        for i, c in enumerate(nb_json["cells"])
        for o in c.get("outputs", [])
        if o["output_type"] in ("display_data", "execute_result")
        and WIDGET_VIEW_MIME in o["data"]
        and static_note in o["data"].get("text/html", "")
    ]


def change_control(view, step: int = 0) -> str:
    """Change one control of the view box ``view`` as a user would; return what was done.

    Preference: toggle buttons (click one not selected), a checkbox, a dropdown (next
    option), a slider handle (arrow keys: right for steps 0-9, left for 10-19, ...), a
    multiple selection (first option only), a text box (the next of :data:`TEXT_QUERIES`,
    then Enter). ``step`` numbers successive changes.
    """
    toggles = view.locator(".widget-toggle-buttons button:not(.mod-active)")
    if toggles.count():
        button = toggles.first
        label = button.inner_text().strip()
        button.click()
        return f"toggle button {label!r}"
    checkbox = view.locator(".widget-checkbox input")
    if checkbox.count():
        checkbox.first.click()
        return "checkbox " + view.locator(".widget-checkbox").first.inner_text().strip()
    dropdown = view.locator(".widget-dropdown select")
    if dropdown.count():
        select = dropdown.first
        n = select.locator("option").count()
        index = (select.evaluate("s => s.selectedIndex") + 1) % n
        select.select_option(index=index)
        return f"dropdown option {index}"
    handles = view.locator(".noUi-handle")
    if handles.count():
        handle = handles.first
        handle.scroll_into_view_if_needed()
        handle.focus()
        key = "ArrowRight" if (step // 10) % 2 == 0 else "ArrowLeft"
        handle.press(key)
        return f"slider handle {key}"
    multiple = view.locator(".widget-select-multiple select")
    if multiple.count():
        select = multiple.first
        options = select.locator("option")
        select.select_option(index=step % options.count())
        return f"multiple selection: option {step % options.count()} only"
    text = view.locator(".widget-text input")
    if text.count():
        query = TEXT_QUERIES[step % len(TEXT_QUERIES)]
        box = text.first
        box.fill(query)
        box.press("Enter")  # a name search runs on Enter (continuous_update=False)
        return f"text box {query!r} + Enter"
    raise AssertionError("the view has no control this driver knows how to change")


# Installed once per view: records when the user's event reached the page (t0) and resolves
# `view.__redrawn(n)` when the output shows the redraw marker #n, its image is decoded and
# the next frame is painted; returns [browser ms, kernel ms from the marker, the marker text,
# ms until the marker showed].
INSTALL_TIMER_JS = """([view, marker]) => {
    const state = { t0: null };
    for (const ev of ["pointerdown", "mousedown", "keydown", "change", "input"]) {
        view.addEventListener(ev, () => { if (state.t0 === null) state.t0 = performance.now(); },
                              true);
    }
    const output = view.querySelector(".widget-output");
    const pattern = new RegExp(marker + " #(\\\\d+) \\\\((\\\\d+) ms(, cached)?\\\\)");
    view.__arm = () => { state.t0 = null; };
    view.__redrawn = (n, timeoutMs) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => { obs.disconnect(); reject(new Error(
            `no redraw #${n} after ${timeoutMs} ms; output: ${output.innerText.slice(-200)}`)); },
            timeoutMs);
        const check = async () => {
            const m = output.innerText.match(pattern);
            if (!m || Number(m[1]) < n) return false;
            obs.disconnect();
            clearTimeout(timer);
            const seen = performance.now() - state.t0;
            const img = output.querySelector("img");
            if (img) { try { await img.decode(); } catch (e) { /* no image data */ } }
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            resolve([performance.now() - state.t0, Number(m[2]), m[0], seen]);
            return true;
        };
        const obs = new MutationObserver(() => { check(); });
        obs.observe(output, { childList: true, subtree: true, characterData: true });
        check();
    });
}"""


def redraw_count(output, marker: str) -> int:
    """The redraw number shown after ``marker`` in the view's output (0 if none yet)."""
    import re

    found = re.findall(rf"{marker} #(\d+)", output.inner_text())
    return int(found[-1]) if found else 0


def install_timer(page, view, marker: str):
    """Install the redraw timer (:data:`INSTALL_TIMER_JS`) on the view box ``view``."""
    page.evaluate(INSTALL_TIMER_JS, [view.element_handle(), marker])


def timed_change(page, view, step: int, marker: str, timeout_ms: float = 60_000):
    """Change one control and wait for the next redraw.

    Returns
    -------
    tuple
        ``(what was changed, browser ms from the event to the repainted output,
        kernel ms printed in the marker, the marker text)``.
    """
    output = view.locator(".widget-output")
    target = redraw_count(output, marker) + 1
    handle = view.element_handle()
    page.evaluate(
        "([v, n, t]) => { v.__arm(); v.__pending = v.__redrawn(n, t); v.__pending.catch(() => {}); }",
        [handle, target, timeout_ms],
    )
    what = change_control(view, step)
    browser_ms, kernel_ms, text, _ = page.evaluate("v => v.__pending", handle)
    return what, browser_ms, kernel_ms, text


def kernel_print(page, code: str) -> str:
    """Run ``code`` on the open notebook's kernel (no cell, no history); return its stdout."""
    return page.evaluate(
        """async (code) => {
            const kernel = jupyterapp.shell.currentWidget.sessionContext.session.kernel;
            const future = kernel.requestExecute({ code, store_history: false });
            let out = "";
            future.onIOPub = msg => {
                if (msg.header.msg_type === "stream") out += msg.content.text;
                if (msg.header.msg_type === "error") out += msg.content.ename + ": " + msg.content.evalue;
            };
            await future.done;
            return out;
        }""",
        code,
    )
