"""One claims vocabulary: the audit's verdicts, the register's claims, the notebook helpers."""

from __future__ import annotations

import ast
import json
import re

import pytest

import toolkit
from toolkit.claims import COMMENTARY, load_register
from toolkit.claims.audit import VERDICTS
from toolkit.errors import ParameterError
from toolkit.notebook import claim_line, show_claims, source_path, theme_claims
from toolkit.paths import PACKAGE_DIR, notebooks_dir

#: Every figure the retired ``commentary_claims`` table compared with the data (notebooks
#: 01-03 showed them), as the register now holds it: claim id -> (relation, claimed, unit).
RETIRED_FIGURES = {
    "T-2021-total": ("equals", 34.4, "USD billion"),
    "T-2021-growth": ("equals", 44.0, "%"),
    "T-2022-imports": ("equals", 14.4, "USD billion"),
    "T-2022-imports-change": ("equals", -51.3, "%"),
    "T-2022-exports": ("equals", 1.7, "USD billion"),
    "T-2022-exports-change": ("equals", -74.0, "%"),
    "T-2023-decline": ("less_than", 0.0, "%"),
    "T-2024-total": ("equals", 3.5, "USD billion"),
    "T-2024-imports": ("equals", 3.0, "USD billion"),
    "T-2024-imports-change": ("equals", -34.2, "%"),
    "T-2024-imports-fall": ("greater_than", 1.7, "USD billion"),
    "T-2024-exports": ("equals", 526.0, "USD million"),
    "T-2024-exports-change": ("equals", -12.3, "%"),
    "T-2024-exports-fall": ("equals", 73.5, "USD million"),
    "T-fall-factor": ("greater_than", 10.0, "factor"),
    "S-price-cap-level": ("equals", 60.0, "USD per barrel"),
    "S-designations": ("greater_than", 2000.0, "count"),  # "thousands"
    "R-frozen-assets": ("greater_than", 200.0, "USD billion"),
}


@pytest.fixture(scope="module")
def register():
    return load_register().set_index("claim_id")


def test_every_retired_figure_is_a_register_claim(register):
    for cid, (relation, claimed, unit) in RETIRED_FIGURES.items():
        row = register.loc[cid]
        assert (row.relation, row.claimed, row.unit) == (relation, claimed, unit), cid
        assert row.kind == "figure" and row.check != "none" and row.source == COMMENTARY
    # the note the old trade comparison carried: the commentary's own totals give 9.83
    assert "34.4 / 3.5 = 9.83" in register.loc["T-fall-factor", "note"]


def test_verdicts_are_declared_once():
    """Only toolkit/claims/audit.py spells the verdict tuple; the rest import VERDICTS."""
    spelled = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and [
                getattr(e, "value", None) for e in node.elts
            ] == list(VERDICTS):
                spelled.append(path.relative_to(PACKAGE_DIR).as_posix())
    assert spelled == ["claims/audit.py"]


def test_no_retired_name_is_left():
    # the retired dataset, its loader and comparison, and the comparison's verdict column
    retired = re.compile(r'commentary_claims|compare_claims|load_claims|`holds`|"holds"|\.holds\b')
    hits = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        hits += [
            path.name
            for line in path.read_text(encoding="utf-8").splitlines()
            if retired.search(line)
        ]
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        hits += [path.name for c in cells if retired.search("".join(c["source"]))]
    assert hits == []
    assert "commentary_claims" not in toolkit.registry.dataset_names()


def test_theme_claims_on_the_notebooks_data():
    annual = toolkit.load("us_russia_trade", freq="annual")
    result = theme_claims("trade", us_russia_trade=annual)
    assert set(result.theme) == {"trade"} and set(result.verdict) <= set(VERDICTS)
    assert result.loc["T-2021-total", "verdict"] == "different-source"
    line = claim_line(result, "T-2021-total")
    assert line.startswith("Claim `T-2021-total` (paraphrased): Bilateral goods trade in 2021")
    assert "claimed 34.4 USD billion, observed 36.03 USD billion: **different-source**" in line
    with pytest.raises(ParameterError, match="no claim of theme 'weather'") as err:
        theme_claims("weather")
    assert err.value.key == "theme"


def test_show_claims_displays_the_theme_table(capsys):
    result = theme_claims("easing")
    show_claims(result, "easing")  # outside a kernel, IPython prints the HTML's repr
    out = capsys.readouterr().out
    assert "HTML" in out or "<table" in out


def test_source_path(tmp_path, capsys):
    assert source_path("embedded", "census_country") == ""
    assert source_path("embedded", "census_country", "my/country.xlsx") == "my/country.xlsx"
    assert source_path(str(tmp_path), "ties", required=False) == ""
    assert f"ties: not in {tmp_path} (optional, skipped)" in capsys.readouterr().out
    (tmp_path / "country.xlsx").write_bytes(b"")
    found = source_path(str(tmp_path), "census_country")
    assert found == str(tmp_path / "country.xlsx")
    out = capsys.readouterr().out
    assert out.startswith("census_country: ") and "(no download record)" in out
    with pytest.raises(ParameterError, match="run `sanctions-toolkit data fetch gsdb`"):
        source_path(str(tmp_path), "gsdb")
