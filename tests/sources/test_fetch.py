"""`data fetch` / `data status`: the real files of ../shared/data served over HTTP on 127.0.0.1.

The server (http.server in a thread) serves the shared data folder under /real/, damaged
copies under /bad/ (bytes a test sets), a Content-Length longer than the body under /short/,
and never answers under /hang/. No test reaches the internet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from support.http_server import LocalServer

from toolkit.cli import main
from toolkit.errors import ParameterError, UnknownDatasetError
from toolkit.sources.fetch import BASE_URL_ENV, CACHE_ENV, FetchError, fetch, resolve_source, status

OFAC_SET = "ofac-lists/sdn-2021-07-bench"
CENSUS = "census-country-trade"
OPENSANCTIONS = "opensanctions-ua-war-sanctions"


@pytest.fixture
def server(shared_data):
    srv = LocalServer(shared_data)
    yield srv
    srv.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(cache: Path) -> dict:
    """Every file of the cache with its sha256 (to show that a failed fetch changed nothing)."""
    return {str(p.relative_to(cache)): sha256(p) for p in sorted(cache.rglob("*")) if p.is_file()}


def test_ofac_set_is_fetched_with_sidecars(server, shared_data, tmp_path):
    result = fetch("ofac_sdn", base_url=f"{server.url}/real/{OFAC_SET}/", cache=tmp_path)
    assert result.changed and result.rows == 8_976  # PROVENANCE.md: sdn.csv of the bench set
    current = tmp_path / "ofac_sdn" / "current"
    for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
        original = shared_data / OFAC_SET / name
        assert (current / name).read_bytes() == original.read_bytes()
        side = json.loads((current / f"{name}.json").read_text())
        assert side["sha256"] == sha256(original) and side["bytes"] == original.stat().st_size
        assert side["url"] == f"{server.url}/real/{OFAC_SET}/{name}"
        assert datetime.fromisoformat(side["retrieved_at"].replace("Z", "+00:00")).tzinfo
        assert side["validated_with"] == "toolkit.sources.ofac_sdn.read_sdn"
        assert side["last_modified"] == "Tue, 01 Dec 2026 08:00:00 GMT"
    assert not list((tmp_path / "ofac_sdn").glob(".incoming-*"))
    rows = [r for r in status(tmp_path) if r["source"] == "ofac_sdn"]
    assert {r["file"] for r in rows} == {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}
    assert all(r["state"] == "ok" and r["version"] == "current" for r in rows)


def test_new_version_keeps_the_previous_one(server, shared_data, tmp_path):
    real = shared_data / OPENSANCTIONS / "targets.simple.csv"
    base = f"{server.url}/real/{OPENSANCTIONS}/"
    first = fetch("opensanctions", base_url=base, cache=tmp_path)
    assert first.changed and first.rows == 5_600 and first.previous is None
    again = fetch("opensanctions", base_url=base, cache=tmp_path)
    assert not again.changed and again.previous is None  # same bytes: nothing rotated
    side = json.loads((first.folder / "targets.simple.csv.json").read_text())
    assert "last_checked_at" in side
    # a newer (here: much shorter, still complete; accepted as such) export replaces it; the
    # old one is kept
    text = real.read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(records[:101])
    server.bad["os/targets.simple.csv"] = out.getvalue().encode()
    newer = fetch(
        "opensanctions", base_url=f"{server.url}/bad/os/", cache=tmp_path, allow_shrink=True
    )
    assert newer.changed and newer.rows == 100
    # the default variant of the OpenSanctions source, cached in a folder of its own
    root = tmp_path / "opensanctions" / "ua_war_sanctions"
    assert sha256(root / "previous" / "targets.simple.csv") == sha256(real)
    assert (root / "current" / "targets.simple.csv").read_bytes() == server.bad[
        "os/targets.simple.csv"
    ]
    versions = {
        (r["version"], r["rows"])
        for r in status(tmp_path)
        if r["source"] == "opensanctions/ua_war_sanctions"
    }
    assert versions == {("current", 100), ("previous", 5_600)}


def test_corrupted_download_is_rejected_and_the_cache_kept(server, shared_data, tmp_path):
    fetch("ofac_sdn", base_url=f"{server.url}/real/{OFAC_SET}/", cache=tmp_path)
    fetch("ofac_sdn", base_url=f"{server.url}/real/{OFAC_SET}/", cache=tmp_path)
    before = snapshot(tmp_path)
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        server.bad[f"set/{name}"] = (shared_data / OFAC_SET / name).read_bytes()
    sdn = (shared_data / OFAC_SET / "sdn.csv").read_bytes()
    server.bad["set/sdn.csv"] = sdn[: len(sdn) // 2]  # cut inside a record, served whole
    with pytest.raises(
        FetchError, match=r"/bad/set/sdn\.csv, line \d+: the download is not a valid"
    ) as err:
        fetch("ofac_sdn", base_url=f"{server.url}/bad/set/", cache=tmp_path)
    assert "OFAC" in str(err.value)
    assert snapshot(tmp_path) == before
    assert not list((tmp_path / "ofac_sdn").glob(".incoming-*"))


def test_corrupted_workbook_is_rejected(server, shared_data, tmp_path):
    base = f"{server.url}/real/{CENSUS}/"
    fetch("census_country", base_url=base, cache=tmp_path)
    before = snapshot(tmp_path)
    book = (shared_data / CENSUS / "country.xlsx").read_bytes()
    server.bad["c/country.xlsx"] = book[:-5000]
    with pytest.raises(FetchError, match="not a valid US trade in goods"):
        fetch("census_country", base_url=f"{server.url}/bad/c/", cache=tmp_path)
    assert snapshot(tmp_path) == before


def test_hanging_server_times_out_and_the_cache_is_kept(server, tmp_path):
    fetch("census_country", base_url=f"{server.url}/real/{CENSUS}/", cache=tmp_path)
    before = snapshot(tmp_path)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"/hang/country\.xlsx: .*timed out"):
        fetch("census_country", base_url=f"{server.url}/hang/", cache=tmp_path, timeout=1)
    assert time.monotonic() - started < 15
    assert snapshot(tmp_path) == before


def test_download_cut_short_is_an_error(server, tmp_path):
    with pytest.raises(FetchError, match="cut short"):
        fetch("census_country", base_url=f"{server.url}/short/{CENSUS}/", cache=tmp_path, timeout=5)
    assert not (tmp_path / "census_country" / "current").exists()


def test_concurrent_fetch_is_refused_and_stale_downloads_cleared(server, tmp_path):
    base = f"{server.url}/real/{CENSUS}/"
    root = tmp_path / "census_country"
    root.mkdir()
    (root / ".incoming-killed").mkdir()  # left by a fetch that was killed
    (root / ".fetching").write_text(f"{os.getpid()}\n")  # a live process holds it
    with pytest.raises(FetchError, match="another fetch of census_country is running"):
        fetch("census_country", base_url=base, cache=tmp_path)
    (root / ".fetching").unlink()
    fetch("census_country", base_url=base, cache=tmp_path)
    assert not list(root.glob(".incoming-*")) and not (root / ".fetching").exists()


def test_a_lock_whose_process_is_gone_is_cleared_with_a_message(server, tmp_path, capsys):
    root = tmp_path / "census_country"
    root.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # a fetch killed with SIGKILL
    gone.wait()
    (root / ".fetching").write_text(f"{gone.pid}\n")
    fetch("census_country", base_url=f"{server.url}/real/{CENSUS}/", cache=tmp_path)
    assert (
        f"cleared the lock of census_country left by process {gone.pid}" in capsys.readouterr().err
    )
    assert not (root / ".fetching").exists() and (root / "current" / "country.xlsx").exists()


def test_a_trickling_server_hits_the_overall_deadline(server, tmp_path):
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 20 s"):
        fetch("census_country", base_url=f"{server.url}/trickle/", cache=tmp_path, timeout=1)
    assert time.monotonic() - started < 30
    assert not (tmp_path / "census_country" / "current").exists()


@pytest.mark.parametrize("keep", [0.5, 0.85])
def test_a_refresh_cut_at_a_record_boundary_is_held_back(server, shared_data, tmp_path, keep):
    """OpenSanctions cut after a whole record reads as a valid shorter file: only the row count
    against the cached version can tell, so a drop over 10 % keeps the cache."""
    fetch("opensanctions", base_url=f"{server.url}/real/{OPENSANCTIONS}/", cache=tmp_path)
    before = snapshot(tmp_path)
    text = (shared_data / OPENSANCTIONS / "targets.simple.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows[: int(len(rows) * keep)])
    server.bad["os/targets.simple.csv"] = out.getvalue().encode("utf-8")
    with pytest.raises(FetchError, match="held back as suspect"):
        fetch("opensanctions", base_url=f"{server.url}/bad/os/", cache=tmp_path)
    assert snapshot(tmp_path) == before
    result = fetch(
        "opensanctions", base_url=f"{server.url}/bad/os/", cache=tmp_path, allow_shrink=True
    )
    assert result.changed and result.rows < 0.9 * len(rows)


def test_missing_file_and_unknown_source(server, tmp_path):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch("ofac_sdn", base_url=f"{server.url}/real/ofac-lists/sdn-2019-01/", cache=tmp_path)
    with pytest.raises(UnknownDatasetError, match="known datasets: armenia_trade, census_country"):
        fetch("ofac_sdm", cache=tmp_path)


def test_a_source_without_an_official_url_needs_a_base_url(server, tmp_path):
    with pytest.raises(ParameterError, match="no official download URL .* --base-url"):
        fetch("gsdb", cache=tmp_path)
    result = fetch("gsdb", base_url=f"{server.url}/real/gsdb-v3/", cache=tmp_path)
    assert result.rows == 1_325  # PROVENANCE.md: GSDB release 3 cases


def test_base_url_and_cache_from_the_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv(BASE_URL_ENV, f"{server.url}/real/{CENSUS}")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    result = fetch("census_country")
    assert result.folder == tmp_path / "census_country" / "current"
    assert server.requests == [f"/real/{CENSUS}/country.xlsx"]


def test_cli_fetch_and_status(server, tmp_path, capsys):
    base = f"{server.url}/real/{CENSUS}/"
    assert (
        main(["data", "fetch", "census_country", "--base-url", base, "--cache", str(tmp_path)]) == 0
    )
    out = capsys.readouterr().out
    assert "census_country: fetched and checked" in out and "sha256 " in out
    assert main(["data", "status", "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    digest = sha256(tmp_path / "census_country" / "current" / "country.xlsx")
    line = next(x for x in out.splitlines() if x.startswith("census_country"))
    assert digest in line and "current" in line and line.split()[3].startswith("20")
    assert "ofac_sdn" in out and "not fetched" in out
    code = main(
        [
            "data",
            "fetch",
            "census_country",
            "--base-url",
            f"{server.url}/hang/",
            "--cache",
            str(tmp_path),
            "--timeout",
            "0.5",
        ]
    )
    assert code == 1
    assert "timed out" in capsys.readouterr().err
    assert main(["data", "fetch", "nope", "--cache", str(tmp_path)]) == 2


def test_status_flags_a_file_changed_after_download(server, tmp_path):
    fetch("census_country", base_url=f"{server.url}/real/{CENSUS}/", cache=tmp_path)
    path = tmp_path / "census_country" / "current" / "country.xlsx"
    path.write_bytes(path.read_bytes() + b"x")
    (row,) = [r for r in status(tmp_path) if r["source"] == "census_country"]
    assert row["state"] == "modified since download"


def test_resolve_source(server, shared_data, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert resolve_source("embedded", "census_country") is None
    with pytest.raises(ParameterError, match="run `sanctions-toolkit data fetch census_country`"):
        resolve_source("cache", "census_country")
    fetch("census_country", base_url=f"{server.url}/real/{CENSUS}/")
    assert (
        resolve_source("cache", "census_country")
        == tmp_path / "cache" / "census_country" / "current" / "country.xlsx"
    )
    # a folder of files under their official names, or laid out like the cache
    assert (
        resolve_source(str(shared_data / CENSUS), "census_country")
        == shared_data / CENSUS / "country.xlsx"
    )
    assert resolve_source(str(shared_data / OFAC_SET), "ofac_sdn") == shared_data / OFAC_SET
    assert resolve_source(str(tmp_path / "cache"), "census_country").parent.name == "current"
    with pytest.raises(ParameterError, match="neither 'embedded', 'cache' nor an existing folder"):
        resolve_source(str(tmp_path / "nowhere"), "census_country")
    assert resolve_source(str(shared_data / CENSUS), "ofac_sdn", required=False) is None


def test_variants_are_cached_apart(server, tmp_path):
    base = f"{server.url}/real/{OPENSANCTIONS}/"
    war = fetch("opensanctions", base_url=base, cache=tmp_path)
    collection = fetch("opensanctions", variant="sanctions", base_url=base, cache=tmp_path)
    assert war.folder == tmp_path / "opensanctions" / "ua_war_sanctions" / "current"
    assert collection.folder == tmp_path / "opensanctions" / "sanctions" / "current"
    assert {r["source"] for r in status(tmp_path) if r["state"] == "ok"} == {
        "opensanctions/ua_war_sanctions",
        "opensanctions/sanctions",
    }
    with pytest.raises(ParameterError, match="no variant 'nope'; known: ua_war_sanctions"):
        fetch("opensanctions", variant="nope", base_url=base, cache=tmp_path)
    with pytest.raises(ParameterError, match="has no variants"):
        fetch("census_country", variant="x", base_url=base, cache=tmp_path)


def test_official_urls_come_from_the_declarations(monkeypatch, tmp_path):
    """With no mirror, each file is asked for at the declared official URL (here: refused)."""
    from toolkit.sources import get_source

    requested = []

    def refuse(url, dest, timeout):
        requested.append(url)
        raise FetchError(f"{url}: offline test")

    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    monkeypatch.setattr("toolkit.sources.fetch._download", refuse)
    with pytest.raises(FetchError, match="offline test"):
        fetch("opensanctions", variant="sanctions", cache=tmp_path)
    assert requested == [get_source("opensanctions").urls()[1]]
    assert requested == [
        "https://data.opensanctions.org/datasets/latest/sanctions/targets.simple.csv"
    ]


def test_old_hyphenated_names_are_refused_with_the_new_key(tmp_path, capsys):
    """The pre-0.2 names (``ofac-sdn``) are not accepted: the error names the snake_case key."""
    with pytest.raises(UnknownDatasetError, match="did you mean 'ofac_sdn'"):
        fetch("ofac-sdn", cache=tmp_path)
    assert main(["data", "fetch", "census-country", "--cache", str(tmp_path)]) == 2
    assert "did you mean 'census_country'" in capsys.readouterr().err


def test_sources_without_fixed_files_are_not_fetchable(tmp_path):
    from toolkit.sources import list_sources
    from toolkit.sources.fetch import SOURCES

    frame = list_sources()
    assert set(SOURCES) == set(frame.loc[frame["files"].map(len) > 0, "key"])
    with pytest.raises(UnknownDatasetError):
        fetch("comext", cache=tmp_path)
