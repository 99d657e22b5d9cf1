"""Each number in the trade findings is the number in the data, recomputed here from the files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from toolkit.paths import embedded, notebooks_dir, params_dir
from toolkit.themes import trade


def _annual():
    return pd.read_csv(embedded("us_russia_trade_annual.csv")).pivot(
        index="year", columns="flow", values="value_usd_m"
    )


def _expected():
    """Every finding's numbers, from the embedded CSV files with plain pandas."""
    a = _annual()
    total = a.exports + a.imports
    products = pd.read_csv(embedded("us_imports_hs_2024.csv"), dtype={"code": str})
    h4 = products[(products.level == "hs4") & (products.code != "other")].nlargest(
        4, "imports_for_consumption_usd_m"
    )
    imf = pd.read_csv(embedded("us_russia_trade_imf.csv")).pivot(
        index="year", columns="flow", values="value_usd_m"
    )
    gap = lambda y: (a.imports[y] / imf.exports[y] - 1) * 100  # noqa: E731
    monthly = pd.read_csv(embedded("us_russia_trade_monthly.csv"))
    jan_may_24 = monthly[
        (monthly.year == 2024) & (monthly.month <= 5) & (monthly.flow == "imports")
    ]
    recent = pd.read_csv(embedded("us_russia_trade_2025.csv"))
    v2025 = recent[(recent.fact_id == "A45") & (recent.flow == "imports")].value.item()
    products_numbers = {
        "year": 2024,
        "share": h4.share_pct.sum(),
        "total": products[products.level == "hs4"].imports_for_consumption_usd_m.sum(),
    }
    for i, r in enumerate(h4.itertuples(), start=1):
        products_numbers[f"h{i}"], products_numbers[f"v{i}"] = (
            r.heading,
            r.imports_for_consumption_usd_m,
        )
    return {
        "fall": {
            "base": 2021,
            "year": 2024,
            "factor": total[2021] / total[2024],
            "base_usd_m": total[2021],
            "year_usd_m": total[2024],
            "exports_factor": a.exports[2021] / a.exports[2024],
            "imports_factor": a.imports[2021] / a.imports[2024],
        },
        "products": products_numbers,
        "mirror": {
            "year": 2024,
            "base": 2021,
            "imf": imf.exports[2024],
            "us": a.imports[2024],
            "gap": gap(2024),
            "gap_base": gap(2021),
        },
        "2025": {
            "period": "Jan-May 2025",
            "v2025": v2025,
            "v2024": jan_may_24.value_usd_m.sum(),
            "change": (v2025 / jan_may_24.value_usd_m.sum() - 1) * 100,
            "later": 30.0,  # facts.md E78: "up nearly 30%"
            "later_end": "August 2025",
        },
    }


def _check(numbers, expected, key):
    assert set(numbers) == set(expected), key
    for name, value in expected.items():
        if isinstance(value, str):
            assert numbers[name] == value, (key, name)
        else:
            assert numbers[name] == pytest.approx(value, rel=1e-9), (key, name)


def test_findings_numbers_are_the_data():
    found = trade.trade_findings(
        trade.load_us_russia_trade(),
        trade.load_mirror(),
        trade.load_us_imports_hs(),
        trade.load_trade_2025(),
        trade.load_us_russia_trade(freq="monthly"),
    )
    expected = _expected()
    assert [f["key"] for f in found] == list(expected)
    for f in found:
        _check(f["numbers"], expected[f["key"]], f["key"])
        f["template"].format(**f["numbers"])  # every field of the sentence is a computed number
    # the sentences a reader sees, with the figures facts.md records (A30, A38, A45, E74)
    text = {f["key"]: f["template"].format(**f["numbers"]) for f in found}
    assert "10.2 times smaller" in text["fall"] and "36,027 to 3,526" in text["fall"]
    assert "palladium and platinum (878)" in text["products"]
    assert "(1,809)" in text["mirror"]
    assert "2,091 USD million, +23%" in text["2025"]


@pytest.mark.notebook
@pytest.mark.timeout(600)
def test_notebook_findings_are_the_data(tmp_path):
    """03-trade run on its default profile: the findings it hands the report hold the data's numbers."""
    from toolkit.report.execute import execute_run
    from toolkit.report.hooks import collect
    from toolkit.report.params import check_profile
    from toolkit.report.runner import Run

    path = notebooks_dir() / "03-trade.ipynb"
    params_file = params_dir() / "03-trade" / "default.yaml"
    entry = execute_run(
        Run(path, "default", params_file, check_profile(path, params_file)), tmp_path
    )
    assert entry["status"] == "ok", entry["error"]
    executed = json.loads((tmp_path / "03-trade.ipynb").read_text(encoding="utf-8"))
    found = collect(executed)["findings"]
    expected = _expected()
    assert 3 <= len(found) <= 5 and [f["key"] for f in found] == list(expected)
    for f in found:
        assert f["theme"] == "trade" and f["as_of"]
        _check(f["numbers"], expected[f["key"]], f["key"])
