"""The ``sanctions-toolkit`` command line: exit codes, messages and the dataset table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.cli import datasets_markdown, main, sources_markdown
from toolkit.registry import dataset_names

FIXTURES = Path(__file__).parent / "notebooks"
REPORT_ARGS = ["report", "--notebooks", str(FIXTURES), "--params", str(FIXTURES / "params")]


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "sanctions-toolkit"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "report" in result.stdout and "datasets" in result.stdout


def test_datasets_markdown_lists_every_dataset(capsys):
    assert main(["datasets", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out == datasets_markdown()
    lines = out.splitlines()
    assert lines[0] == "| name | title | publisher | source | vintage | licence | kind |"
    assert len(lines) == 2 + max(1, len(dataset_names()))
    for name in dataset_names():
        assert f"| `{name}` |" in out


def test_datasets_plain_table(capsys):
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in dataset_names():
        assert name in out


def test_update_readme_needs_markers(tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n", encoding="utf-8")
    assert main(["datasets", "--update-readme", str(readme)]) == 2
    assert "no <!-- datasets:start --> ... <!-- datasets:end --> markers" in capsys.readouterr().err
    readme.write_text(
        "a\n<!-- datasets:start -->\nold\n<!-- datasets:end -->\nb\n", encoding="utf-8"
    )
    assert main(["datasets", "--update-readme", str(readme)]) == 2
    assert "no <!-- sources:start --> ... <!-- sources:end --> markers" in capsys.readouterr().err
    readme.write_text(
        "a\n<!-- datasets:start -->\nold\n<!-- datasets:end -->\nb\n"
        "<!-- sources:start -->\nold\n<!-- sources:end -->\nc\n",
        encoding="utf-8",
    )
    assert main(["datasets", "--update-readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert text == (
        "a\n<!-- datasets:start -->\n" + datasets_markdown() + "<!-- datasets:end -->\nb\n"
        "<!-- sources:start -->\n" + sources_markdown() + "<!-- sources:end -->\nc\n"
    )
    assert main(["datasets", "--update-readme", str(readme)]) == 0
    assert "already current" in capsys.readouterr().out


def test_sources_markdown_lists_every_source_with_its_url_or_why_none():
    from toolkit.sources import get_source, source_keys

    out = sources_markdown()
    lines = out.splitlines()
    assert lines[0].startswith("| key | title | publisher | official URL | files | licence |")
    assert len(lines) == 2 + len(source_keys())
    for key in source_keys():
        src = get_source(key)
        (line,) = [x for x in lines if x.startswith(f"| `{key}` |")]
        assert src.reader.replace(":", ".") in line and src.licence in line
        assert (src.url.split("{")[0] if src.url else "none known") in line


def test_params_shows_the_declared_interface(capsys):
    assert main(["params", str(FIXTURES / "params_demo.ipynb")]) == 0
    out = capsys.readouterr().out
    assert "start_year: int = 1992  # first year shown" in out
    assert "note: str or null = None  # optional note" in out


@pytest.mark.notebook
@pytest.mark.timeout(300)
def test_report_exit_code_names_the_failures(tmp_path, capsys):
    assert main([*REPORT_ARGS, "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "sanctions-toolkit report: 1 run(s) failed: fails" in err
    assert "[1/2] fails: failed in" in err  # progress on stderr


@pytest.mark.notebook
@pytest.mark.timeout(300)
def test_report_show_code(tmp_path):
    args = [
        *REPORT_ARGS,
        "--out",
        str(tmp_path),
        "--profile",
        "small",
        "--only",
        "ok",
        "--show-code",
    ]
    assert main(args) == 0
    page = (tmp_path / "ok.html").read_text(encoding="utf-8")
    assert "build_view" in page  # the code is shown


def test_invalid_params_exit_2(tmp_path, capsys):
    params = tmp_path / "params" / "ok"
    params.mkdir(parents=True)
    (params / "default.yaml").write_text("n: [1\n", encoding="utf-8")
    code = main(
        [
            "report",
            "--notebooks",
            str(FIXTURES),
            "--params",
            str(tmp_path / "params"),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "invalid parameters" in err and "default.yaml" in err and "malformed YAML" in err
    assert not (tmp_path / "out").exists()


def test_unknown_profile_exit_2(capsys):
    assert main([*REPORT_ARGS, "--profile", "nope"]) == 2
    assert "profile 'nope': no notebook" in capsys.readouterr().err
