"""Runs that fail: a dying kernel, a timeout and an exception, and a batch process killed mid-run.

Fixtures (tests/notebooks, profile ``failures``): ``dies`` calls ``os._exit`` in its
fourth cell, ``slow`` sleeps far past the timeout in its fourth cell, ``fails``
raises in its fifth cell, ``ok`` runs. Each failure must be named with its cause in
``summary.json`` and ``index.html``, keep its partial notebook, and leave the other
runs and every written file whole.
"""

from __future__ import annotations

import html.parser
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from toolkit.errors import ReportError, ToolkitError
from toolkit.report import staging as report_staging
from toolkit.report.runner import run_report

FIXTURES = Path(__file__).resolve().parents[1] / "notebooks"
PARAMS = FIXTURES / "params"

#: Per-cell timeout of these runs: ``slow`` sleeps 300 s, every other cell takes ~1 s.
TIMEOUT = 20

pytestmark = [pytest.mark.notebook, pytest.mark.timeout(420)]

EXPECTED_FILES = sorted(
    [f"{stem}.{ext}" for stem in ("dies", "fails", "ok", "slow") for ext in ("html", "ipynb")]
    + ["index.html", "summary.json"]
)


def _failing_report(out, **kwargs):
    with pytest.raises(ReportError) as info:
        run_report(
            "failures",
            notebooks=FIXTURES,
            params=PARAMS,
            out=out,
            timeout=TIMEOUT,
            progress=lambda line: None,
            **kwargs,
        )
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return info.value, {r["notebook"]: r for r in summary["runs"]}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("failures") / "latest"
    error, runs = _failing_report(out)
    return {"out": out, "error": error, "runs": runs}


@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    out = tmp_path_factory.mktemp("failures-jobs2") / "latest"
    error, runs = _failing_report(out, jobs=2)
    return {"out": out, "error": error, "runs": runs}


class _Text(html.parser.HTMLParser):
    """The text of a page, and the targets of its links."""

    def __init__(self):
        super().__init__()
        self.parts, self.links = [], []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href"))


def _page(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _outputs(nb, index):
    texts = []
    for out in nb.cells[index].get("outputs", []):
        texts.append(out.get("text") if out.output_type == "stream" else out.get("ename"))
    return texts


# --- each failure and its cause ------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["serial", "parallel"])
def test_each_failure_is_recorded_with_its_cause_and_cell(fixture, request):
    report = request.getfixturevalue(fixture)
    runs = report["runs"]
    assert sorted(report["error"].failed) == ["dies", "fails", "slow"]
    assert {name: r["status"] for name, r in runs.items()} == {
        "dies": "failed",
        "fails": "failed",
        "ok": "ok",
        "slow": "failed",
    }
    # cells: parameters, injected parameters, markdown, print, the os._exit cell
    dies = runs["dies"]["error"]
    assert (dies["ename"], dies["evalue"], dies["cell_index"]) == (
        "DeadKernelError",
        "Kernel died",
        4,
    )
    assert dies["execution_count"] == 4 and "os._exit(exit_code)" in dies["source"]
    # cells: parameters, injected parameters, markdown, the sleeping cell
    slow = runs["slow"]["error"]
    assert (slow["ename"], slow["cell_index"]) == ("CellTimeoutError", 3)
    assert f"timed out while it was being executed, after {TIMEOUT} seconds" in slow["evalue"]
    assert "time.sleep(seconds)" in slow["source"]
    assert runs["slow"]["duration_s"] < TIMEOUT + 30
    fails = runs["fails"]["error"]
    assert (fails["ename"], fails["evalue"], fails["cell_index"]) == (
        "ValueError",
        "deliberate failure: divisor is 0",
        4,
    )
    assert runs["ok"]["error"] is None and runs["ok"]["params"] == {"n": 5, "label": "still runs"}


@pytest.mark.parametrize("fixture", ["serial", "parallel"])
def test_every_failed_run_keeps_its_partial_notebook_and_html(fixture, request):
    report = request.getfixturevalue(fixture)
    for name in ("dies", "fails", "slow"):
        assert report["runs"][name]["outputs"] == {"ipynb": f"{name}.ipynb", "html": f"{name}.html"}
    out = report["out"]
    dies = nbformat.read(out / "dies.ipynb", as_version=4)
    assert _outputs(dies, 3) == ["before the kernel died\n"]
    assert _outputs(dies, 4) == ["exiting now\n", "DeadKernelError"]  # output, then the cause
    assert _outputs(dies, 5) == []  # never ran
    assert dies.metadata["sanctions_toolkit"]["status"] == "failed"
    assert dies.metadata["sanctions_toolkit"]["error"]["ename"] == "DeadKernelError"
    assert dies.cells[4].metadata["papermill"]["status"] == "failed"
    assert all("report_probe" not in c.source for c in dies.cells)

    slow = nbformat.read(out / "slow.ipynb", as_version=4)
    assert _outputs(slow, 3) == ["sleeping\n", "CellTimeoutError"]

    page = "".join(_page(out / "dies.html").parts)
    assert "before the kernel died" in page and "exiting now" in page
    assert "DeadKernelError: Kernel died" in page and "never reached" not in page
    assert "sleeping" in "".join(_page(out / "slow.html").parts)
    assert "deliberate failure: divisor is 0" in "".join(_page(out / "fails.html").parts)


def test_index_marks_each_failure_and_links_its_partial_notebook(serial):
    page = _page(serial["out"] / "index.html")
    text = " ".join(page.parts)
    assert "4 run(s), 1 ok, 3 failed" in text
    assert "DeadKernelError: Kernel died" in text
    assert "CellTimeoutError: A cell timed out" in text
    assert "ValueError: deliberate failure: divisor is 0" in text
    assert "cell 4" in text and "cell 3" in text
    for name in ("dies", "fails", "ok", "slow"):
        assert f"{name}.html" in page.links and f"{name}.ipynb" in page.links


@pytest.mark.parametrize("fixture", ["serial", "parallel"])
def test_no_output_is_half_written_and_nothing_is_left_over(fixture, request):
    out = request.getfixturevalue(fixture)["out"]
    assert sorted(p.name for p in out.iterdir()) == EXPECTED_FILES  # no temporary file
    assert [p.name for p in out.parent.iterdir()] == ["latest"]  # no staging folder
    for path in out.glob("*.ipynb"):
        nbformat.validate(nbformat.read(path, as_version=4))
    for path in out.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
        _page(path)  # parses
    json.loads((out / "summary.json").read_text(encoding="utf-8"))


# --- a batch process killed mid-run ------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    """Process ids below ``pid`` (the kernels the runner started), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _read_until(stream, marker: str, deadline: float) -> list[str]:
    lines = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return lines
    raise AssertionError(f"runner never printed {marker!r}; it printed:\n{''.join(lines)}")


def test_a_report_after_a_killed_run_starts_clean(tmp_path):
    out = tmp_path / "reports" / "latest"
    # 1. a complete report (profile default: fails, ok)
    with pytest.raises(ReportError):
        run_report(notebooks=FIXTURES, params=PARAMS, out=out, progress=lambda line: None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == [
        "fails.html",
        "fails.ipynb",
        "index.html",
        "ok.html",
        "ok.ipynb",
        "summary.json",
    ]

    # 2. the batch command, SIGKILLed while its last notebook runs
    cli = Path(sys.executable).with_name("sanctions-toolkit")
    command = [str(cli), "report", "--profile", "failures", "--timeout", "600"]
    command += ["--notebooks", str(FIXTURES), "--params", str(PARAMS), "--out", str(out)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    kernels = []
    try:
        _read_until(proc.stderr, "[4/4] slow: running", time.monotonic() + 240)
        time.sleep(3)  # the kernel is sleeping in its cell
        kernels = _descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.stderr.close()
        for pid in kernels:  # the orphaned kernel of the killed runner
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert proc.returncode == -signal.SIGKILL
    # the killed run left its outputs in its staging folder, none in the report folder
    (staging,) = out.parent.glob(".latest.staging-*")
    assert staging.name.startswith(f".latest.staging-{proc.pid}-")
    assert {"dies.ipynb", "fails.ipynb", "ok.ipynb"} <= {p.name for p in staging.iterdir()}
    (papermill_tmp,) = staging.glob(".papermill-*")  # slow's input notebook, inside staging
    assert (papermill_tmp / "input.ipynb").is_file()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # untouched
    # and a temporary file as a writer killed inside atomic_write leaves it
    (out / ".index.html.k1ll3d.tmp").write_text("<!DOCTYPE html><html><bo", encoding="utf-8")

    # 3. the next report (profile small: ok only) holds that run and nothing else
    entries = run_report(
        "small", notebooks=FIXTURES, params=PARAMS, out=out, progress=lambda line: None
    )
    assert [e["notebook"] for e in entries] == ["ok"]
    assert sorted(p.name for p in out.iterdir()) == [
        "index.html",
        "ok.html",
        "ok.ipynb",
        "summary.json",
    ]
    assert [p.name for p in out.parent.iterdir()] == ["latest"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["profile"] == "small" and [r["notebook"] for r in summary["runs"]] == ["ok"]
    text = " ".join(_page(out / "index.html").parts)
    assert "1 run(s), 1 ok, 0 failed" in text
    assert "fails" not in text and "dies" not in text and "slow" not in text
    nb = nbformat.read(out / "ok.ipynb", as_version=4)
    assert nb.metadata["papermill"]["output_path"] == str(out / "ok.ipynb")
    assert "rows: 2, label: demo" in (out / "ok.html").read_text(encoding="utf-8")


# --- the report folder is the report's alone ---------------------------------------------------


def test_a_folder_with_other_files_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (out / "draft.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()), encoding="utf-8")
    with pytest.raises(
        ToolkitError, match=r"mine: holds files no report wrote \(draft.ipynb, notes.txt\)"
    ):
        run_report("small", notebooks=FIXTURES, params=PARAMS, out=out, progress=lambda line: None)
    assert sorted(p.name for p in out.iterdir()) == ["draft.ipynb", "notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


def test_stale_staging_is_removed_only_when_its_process_is_gone(tmp_path):
    out = tmp_path / "latest"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)
    dead = tmp_path / f".latest.staging-{dead_pid}-abc"
    old = tmp_path / f".latest.old-{dead_pid}-def"
    live = tmp_path / f".latest.staging-{os.getppid()}-ghi"  # pytest's parent: alive
    papermill_tmp = out / ".papermill-xyz"
    for folder in (dead, old, live, papermill_tmp):
        folder.mkdir(parents=True)
        (folder / "ok.html").write_text("partial", encoding="utf-8")
    stray = out / ".summary.json.abc.tmp"
    stray.write_text("{", encoding="utf-8")
    (out / "ok.html").write_text("kept", encoding="utf-8")
    removed = report_staging.clean_stale(out)
    assert sorted(removed) == sorted([dead, old, stray, papermill_tmp])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "latest"])
    assert [p.name for p in out.iterdir()] == ["ok.html"]


def test_the_command_exits_2_naming_the_foreign_file(tmp_path, capsys):
    from toolkit.cli import main

    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n", encoding="utf-8")
    argv = ["report", "--profile", "small", "--notebooks", str(FIXTURES)]
    argv += ["--params", str(PARAMS), "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        f"sanctions-toolkit report: report folder {out}: holds files no report wrote (notes.txt)"
        in err
    )
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes\n"
