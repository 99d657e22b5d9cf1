"""The ``summary.json`` entry schema, owned by RunResult, and the collectors' hook."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.report.hooks import COLLECTORS, Collector, collect
from toolkit.report.results import ERROR_FIELDS, FIELDS, RunResult, describe
from toolkit.report.runner import Run

ERROR = {
    "cell_index": 4,
    "execution_count": 3,
    "ename": "ValueError",
    "evalue": "deliberate failure\nsecond line",
    "source": "raise ValueError",
}


def test_the_schema_is_pinned():
    """The entry fields and their order are the summary.json format."""
    # summary.json is read by people and scripts: a change here is a change of format
    assert FIELDS == (
        "notebook",
        "purpose",
        "profile",
        "params_file",
        "params",
        "status",
        "duration_s",
        "cells_s",
        "datasets",
        "error",
        "outputs",
        "figures",
    )
    assert ERROR_FIELDS == ("cell_index", "execution_count", "ename", "evalue", "source")
    entry = RunResult("03-trade", "default", "ok").to_dict()
    assert list(entry) == list(FIELDS)


def test_sweep_and_collected_records_follow_the_fields_and_round_trip():
    """Sweep values and collected records come after the fields; to_dict/from_dict round-trip."""
    result = RunResult(
        "03-trade--base_year-2014",
        "sweep",
        "failed",
        params_file="/p/sweep.yaml",
        params={"base_year": 2014},
        duration_s=2.5,
        cells_s=1.25,
        datasets=[{"name": "a"}],
        error=ERROR,
        outputs={"ipynb": "x.ipynb", "html": "x.html"},
        sweep={"base_year": 2014},
        collected={"audit": {"claims": 3}},
    )
    entry = result.to_dict()
    assert list(entry) == [*FIELDS, "sweep", "audit"]
    assert entry["audit"] == {"claims": 3} and entry["sweep"] == {"base_year": 2014}
    assert RunResult.from_dict(entry) == result


def test_from_dict_fills_optional_fields_and_rejects_a_broken_entry():
    """Optional fields take defaults; a missing key or unknown status is an error."""
    result = RunResult.from_dict({"notebook": "x", "profile": "p", "status": "ok"})
    assert result.params == {} and result.error is None and result.cells_s is None
    with pytest.raises(ValueError, match="lacks"):
        RunResult.from_dict({"notebook": "x", "status": "ok"})
    with pytest.raises(ValueError, match="status 'done'"):
        RunResult.from_dict({"notebook": "x", "profile": "p", "status": "done"})
    with pytest.raises(ValueError, match="are fields"):
        RunResult("x", "p", "ok", collected={"status": 1})


def test_a_lost_run_and_its_progress_line():
    """A run with no notebook back has the full schema and a one-line description."""
    run = Run(Path("/n/03-trade.ipynb"), "default", Path("/p/default.yaml"), {"n": 1})
    result = RunResult.failed(run, ERROR)
    assert result.to_dict() == {
        "notebook": "03-trade",
        "purpose": "",
        "profile": "default",
        "params_file": "/p/default.yaml",
        "params": {"n": 1},
        "status": "failed",
        "duration_s": 0.0,
        "cells_s": None,
        "datasets": [],
        "error": ERROR,
        "outputs": {},
        "figures": [],
    }
    assert describe(result) == (
        "03-trade: failed in 0.0 s at cell 4: ValueError: deliberate failure"
    )


def test_collectors_copy_the_first_record_of_their_mime_type():
    """A collector copies the first record of its MIME type, nothing otherwise."""
    collector = Collector(key="thing", mimetype="application/vnd.sanctions-toolkit.thing+json")
    nb = {
        "cells": [
            {"outputs": [{"data": {"text/plain": "x"}}]},
            {"outputs": [{"data": {collector.mimetype: {"n": 1}, "text/plain": "n=1"}}]},
            {"outputs": [{"data": {collector.mimetype: {"n": 2}}}]},
        ]
    }
    assert collect(nb, [collector]) == {"thing": {"n": 1}}
    assert collect({"cells": [{"outputs": []}, {}]}, [collector]) == {}


def test_the_audit_collector_reads_what_the_claims_audit_displays():
    """The audit collector's MIME type is the one the claims audit displays."""
    # the MIME type is the whole contract between the report and the claims audit
    from toolkit.claims.audit import MIMETYPE

    (audit,) = [c for c in COLLECTORS if c.key == "audit"]
    assert audit.mimetype == MIMETYPE
