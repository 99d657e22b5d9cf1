"""A throwaway JupyterLab server and a headless Debian Chromium, for the browser tests."""

from __future__ import annotations

import json
import os
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` of this interpreter's environment on 127.0.0.1, in temporary folders.

    The Jupyter config, data, runtime and IPython folders are temporary, so no
    user setting or old workspace leaks in; the environment's own
    ``share/jupyter`` (kernelspecs, the ipywidgets lab extension) stays on the
    path through ``sys.prefix``.

    Parameters
    ----------
    startup_timeout : float
        Seconds to wait for ``/api/status`` to answer.
    """

    def __init__(self, *, startup_timeout: float = 60.0):
        self.base = Path(tempfile.mkdtemp(prefix="lab-test-"))
        self.root = self.base / "root"
        self.root.mkdir()
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.base / "server.log"
        env = dict(os.environ)
        for var, sub in [
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("IPYTHONDIR", "ipython"),
        ]:
            env[var] = str(self.base / sub)
        env.pop("JUPYTER_PATH", None)  # only this environment's kernels and extensions
        env["NO_PROXY"] = "127.0.0.1,localhost"
        settings = self.base / "config" / _NOTIFICATION_SETTINGS
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
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
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        # own session: stop() can signal the server without touching the test process
        self.proc = subprocess.Popen(
            cmd,
            env=env,
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

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                self.api("status")
                return
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"jupyter lab not ready after {timeout:.0f} s:\n{self.log_tail()}"
                    ) from None
                time.sleep(0.2)

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log (stdout and stderr)."""
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

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
