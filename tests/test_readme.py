"""The README cannot go stale: its dataset and source tables are generated, its commands exist."""

from __future__ import annotations

import re

from toolkit.cli import (
    README_END,
    README_START,
    SOURCES_END,
    SOURCES_START,
    datasets_markdown,
    sources_markdown,
)
from toolkit.paths import PROJECT_DIR

README = PROJECT_DIR / "README.md"


def test_dataset_table_matches_the_registry():
    text = README.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    assert text[start:end].strip("\n") == datasets_markdown().strip("\n"), (
        "README dataset table is stale: run `make readme`"
    )


def test_source_table_matches_the_declarations():
    text = README.read_text(encoding="utf-8")
    start, end = text.index(SOURCES_START) + len(SOURCES_START), text.index(SOURCES_END)
    assert text[start:end].strip("\n") == sources_markdown().strip("\n"), (
        "README source table is stale: run `make readme`"
    )


def test_the_two_commands_come_first():
    text = README.read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    assert [line.split()[:2] for line in first_block.splitlines()] == [
        ["make", "report"],
        ["make", "test"],
    ]


def test_make_targets_named_in_the_readme_exist():
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][a-z0-9-]*)", README.read_text(encoding="utf-8")))
    assert named <= targets


def test_ci_runs_make_test():
    script = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    assert [line for line in script.splitlines() if line.startswith("make")] == ["make test"]
