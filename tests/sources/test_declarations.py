"""The source declarations: one key per source, complete, and the only place a URL is written."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from toolkit.paths import PACKAGE_DIR
from toolkit.sources import get_source, list_sources, source_keys

KEYS = source_keys()


def test_list_sources_has_one_row_per_declared_source():
    frame = list_sources()
    assert list(frame["key"]) == KEYS
    for column in ("title", "publisher", "urls", "files", "licence", "format", "reader", "shared"):
        assert column in frame.columns
    modules = sorted(
        p.stem
        for p in (PACKAGE_DIR / "sources").glob("*.py")
        if not p.stem.startswith("_") and p.stem not in ("bulk", "fetch", "cache")
    )
    assert KEYS == modules, "every module of toolkit/sources/ is a source, named by its key"


@pytest.mark.parametrize("key", KEYS)
def test_declaration_is_complete(key):
    src = get_source(key)
    assert src.key == key
    for field in ("title", "publisher", "licence", "format"):
        assert getattr(src, field).strip(), f"{key}: empty {field}"
    assert callable(src.read_function())
    assert src.url or src.url_note, f"{key}: no URL and no word on why"
    assert src.shared, f"{key}: no file of ../shared/data exercises the reader"
    assert src.dataset.columns, f"{key}: the reader dataset declares no column"
    own_suite = Path(__file__).with_name(f"test_{key}.py")
    text = own_suite.read_text(encoding="utf-8") if own_suite.exists() else ""
    records = "record(" in text and f'"{key}"' in text
    assert src.hostile or records, (
        f"{key}: neither a hostile-input entry for the shared suites nor hostile cases "
        f"recorded under its key in {own_suite.name}"
    )
    for url in src.urls():
        assert urlsplit(url).scheme == "https", url


@pytest.mark.parametrize("key", KEYS)
def test_declared_shared_files_exist(key, shared_data):
    src = get_source(key)
    for rel in src.shared + tuple(s for h in src.hostile for s in h.samples):
        assert (shared_data / rel).exists(), f"{key}: {rel} is not in {shared_data}"
    default = src.dataset.default_file
    assert not default or (shared_data / default).exists()


def test_unknown_key_names_the_snake_case_one():
    with pytest.raises(KeyError, match="did you mean 'census_country'"):
        get_source("census-country")


def test_no_module_outside_sources_writes_a_source_url():
    """URLs and hosts of the declared sources are written in toolkit/sources/ only."""
    hosts = {urlsplit(s.url).netloc for k in KEYS if (s := get_source(k)).url}
    assert hosts, "no source declares a URL"
    offenders = []
    for path in PACKAGE_DIR.rglob("*.py"):
        if path.is_relative_to(PACKAGE_DIR / "sources"):
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PACKAGE_DIR)}: {h}" for h in hosts if h in text]
    assert offenders == []
