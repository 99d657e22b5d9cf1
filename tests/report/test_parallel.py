"""``--jobs``: the order runs start in (longest first, by the previous report's durations)."""

from __future__ import annotations

import json
from pathlib import Path

from toolkit.report.parallel import longest_first
from toolkit.report.runner import Run


def _run(name: str) -> Run:
    return Run(Path(f"/n/{name}.ipynb"), "default", Path("/p/default.yaml"), {})


def _names(runs) -> list[str]:
    return [run.name for run in runs]


def test_the_previous_durations_put_the_longest_run_first(tmp_path):
    """The previous durations order the runs, unknown ones first."""
    runs = [_run(n) for n in ("00-a", "01-b", "02-c", "03-d")]
    summary = tmp_path / "summary.json"
    durations = {"00-a": 3.1, "01-b": 7.4, "02-c": 8.6}  # 03-d is new: it may be long
    runs_json = [{"notebook": n, "duration_s": d} for n, d in durations.items()]
    summary.write_text(json.dumps({"runs": runs_json}), encoding="utf-8")
    assert _names(longest_first(runs, summary)) == ["03-d", "02-c", "01-b", "00-a"]


def test_without_a_usable_history_the_order_is_kept(tmp_path):
    """No history, or a broken one: the given order."""
    runs = [_run(n) for n in ("00-a", "01-b", "02-c")]
    assert _names(longest_first(runs)) == ["00-a", "01-b", "02-c"]
    assert _names(longest_first(runs, tmp_path / "missing.json")) == ["00-a", "01-b", "02-c"]
    broken = tmp_path / "summary.json"
    for text in ("{not json", '{"runs": [{"notebook": "00-a"}]}', "[]"):
        broken.write_text(text, encoding="utf-8")
        assert _names(longest_first(runs, broken)) == ["00-a", "01-b", "02-c"]
