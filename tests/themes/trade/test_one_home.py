"""The trade theme restates no declared source's publisher or URL: it reads them from toolkit.sources."""

from pathlib import Path

import pytest

import toolkit
from toolkit.sources import get_source
from toolkit.themes.trade.series import SHORT_SOURCES, SOURCE_IDS, SOURCES

TRADE = Path(toolkit.__file__).parent / "themes" / "trade"
KEYS = sorted({key for key, _, _ in SOURCE_IDS.values() if key})


def _needles(key):
    src = get_source(key)
    short = src.publisher.split(" (")[0].split(",")[0]
    return [src.publisher, short, *src.urls(), *([src.url] if src.url else [])]


@pytest.mark.parametrize("module", sorted(TRADE.glob("*.py")), ids=lambda p: p.name)
def test_no_publisher_or_url_written_in_the_theme(module):
    text = module.read_text(encoding="utf-8")
    for key in KEYS:
        for needle in _needles(key):
            # a docstring may name a publisher in prose; a string literal may not restate it
            for quote in ('"', "'"):
                assert f"{quote}{needle}" not in text, f"{module.name} restates {needle!r} ({key})"


@pytest.mark.parametrize("sid", sorted(SOURCE_IDS))
def test_citations_come_from_the_declarations(sid):
    key = SOURCE_IDS[sid][0]
    if key is None:  # a facts.md figure (USTR as quoted), not a declared source
        assert "facts.md" in SOURCES[sid]
        return
    src = get_source(key)
    assert SOURCES[sid].startswith(f"{src.publisher}, {src.title}")
    assert SHORT_SOURCES[sid].startswith(src.publisher.split(" (")[0].split(",")[0])
