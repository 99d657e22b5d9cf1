"""The house theme applied without seaborn is the theme seaborn applies."""

from __future__ import annotations

import subprocess
import sys

import matplotlib as mpl
from matplotlib.colors import to_rgb, to_rgba_array

from toolkit.viz.theme import HOUSE_RC, THEME, set_theme


def _comparable(value):
    try:
        return to_rgba_array(value).round(4).tolist()
    except (ValueError, TypeError):
        return [str(v) for v in value] if isinstance(value, list | tuple) else str(value)


def test_house_theme_sets_what_seaborn_sets():
    import seaborn as sns

    with mpl.rc_context():
        mpl.rcdefaults()
        sns.set_theme(**THEME)
        wanted = dict(mpl.rcParams)
        codes = {c: mpl.colors.colorConverter.colors[c] for c in "bgrmyck"}
        mpl.rcdefaults()
        sns.reset_orig()
        set_theme()
        got = dict(mpl.rcParams)
        got_codes = {c: to_rgb(mpl.colors.colorConverter.colors[c]) for c in "bgrmyck"}
    different = {
        k: (got[k], wanted[k])
        for k in wanted
        if k != "image.cmap" and _comparable(got[k]) != _comparable(wanted[k])
    }
    assert different == {}
    assert set(HOUSE_RC) <= set(wanted)
    assert got["axes.prop_cycle"].by_key()["color"] and _comparable(
        got["axes.prop_cycle"].by_key()["color"]
    ) == _comparable(wanted["axes.prop_cycle"].by_key()["color"])
    assert {c: tuple(round(x, 3) for x in v) for c, v in got_codes.items()} == {
        c: tuple(round(x, 3) for x in to_rgb(v)) for c, v in codes.items()
    }


def test_applying_the_house_theme_imports_neither_seaborn_nor_scipy():
    code = (
        "import sys; from toolkit.viz.theme import set_theme; set_theme(); "
        "print(sorted(m for m in ('seaborn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
