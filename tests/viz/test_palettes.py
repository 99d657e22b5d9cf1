"""Every theme palette stays distinguishable for colour-blind readers (simulated, Machado 2009)."""

from __future__ import annotations

import pytest

from toolkit.viz.palettes import (
    JURISDICTION_COLOURS,
    OKABE_ITO,
    PARTNER_STYLES,
    cvd_distances,
    min_cvd_distance,
    partner_style,
    simulate_cvd,
)

#: Smallest CIELAB distance (CIE76) allowed between two categories of one figure: about
#: five times a just-noticeable difference, so that swatches of a legend and thin lines
#: stay apart, not only large patches.
FLOOR = {None: 20.0, "protanopia": 15.0, "deuteranopia": 15.0, "tritanopia": 15.0}


def _palettes():
    """Return ``{name: {category: colour}}`` of every palette a figure of notebooks 00-05 uses."""
    from toolkit.overview import VERDICT_COLOURS
    from toolkit.themes.easing.history_plots import ACTION_COLOURS
    from toolkit.themes.easing.plots import AUTHORITY_COLOURS
    from toolkit.themes.sanctions.plots import ENTRY_TYPE_COLOURS
    from toolkit.themes.sanctions.record_plots import CB_COLOURS, PROGRAM_STYLES
    from toolkit.themes.trade.plots.series import COLORS

    neighbours = ["Russia", "Armenia", "Georgia", "Kazakhstan", "Kyrgyzstan", "Uzbekistan"]
    return {
        "jurisdictions (measures timeline, authority, listings)": JURISDICTION_COLOURS,
        "partners beside Russia (rerouting, circumvention)": {
            p: partner_style(p)["color"] for p in neighbours
        },
        "partners with a fixed style": {p: s[0] for p, s in PARTNER_STYLES.items()},
        "verdicts (00)": VERDICT_COLOURS,
        "SDN entry types (01 programs)": ENTRY_TYPE_COLOURS,
        "SDN programs (01 panel a)": {str(i): c for i, (c, _) in enumerate(PROGRAM_STYLES)},
        "crude caps and Urals (01)": {
            k: CB_COLOURS[k] for k in ("US", "EU", "UK", "G7+EU+Australia", "market")
        },
        "designation counters (01)": {k: CB_COLOURS[k] for k in ("CNAS", "Castellum.AI")},
        "trade flows (00, 03)": {k: COLORS[k] for k in ("exports", "imports", "total", "balance")},
        "mirror series (03)": {k: COLORS[k] for k in ("census-country", "rosstat", "imf")},
        "lifting authority (04)": AUTHORITY_COLOURS,
        "precedent actions (04)": ACTION_COLOURS,
    }


@pytest.mark.parametrize("deficiency", list(FLOOR))
@pytest.mark.parametrize("name", list(_palettes()))
def test_palette_categories_stay_apart(name, deficiency):
    palette = _palettes()[name]
    pair, distance = min_cvd_distance(palette, deficiency)
    assert distance >= FLOOR[deficiency], (
        f"{name}: {pair} are {distance:.1f} apart in CIELAB for "
        f"{deficiency or 'normal vision'} (floor {FLOOR[deficiency]})"
    )


def test_the_simulation_merges_red_and_green_for_deuteranopes():
    """The check can fail: the classic red/green pair is far apart normally, close for deuteranopes."""
    red_green = {"red": "#C44E52", "green": "#55A868"}  # seaborn "deep" red and green
    assert min_cvd_distance(red_green, None)[1] > 40
    assert min_cvd_distance(red_green, "deuteranopia")[1] < FLOOR["deuteranopia"]


def test_simulation_keeps_black_and_white_and_rejects_unknown_deficiencies():
    for deficiency in ("protanopia", "deuteranopia", "tritanopia"):
        lab = simulate_cvd(["#000000", "#FFFFFF"], deficiency)
        assert lab[0][0] == pytest.approx(0, abs=0.5) and lab[1][0] == pytest.approx(100, abs=1)
    with pytest.raises(ValueError, match="deficiency"):
        simulate_cvd(["#000000"], "monochromacy")


def test_one_colour_per_meaning_counts_once():
    shared = {"Congress only": OKABE_ITO["vermillion"], "Congress (to amend)": "#d55e00"}
    assert cvd_distances(shared, None) == {}


def test_russia_is_vermillion_and_dashed_and_other_partners_differ():
    assert partner_style("Russia") == {"color": OKABE_ITO["vermillion"], "marker": "o",
                                       "linestyle": "--"}  # fmt: skip
    others = [partner_style(f"partner {i}", i) for i in range(6)]
    assert len({(s["color"], s["marker"]) for s in others}) == 6
    assert all(s["color"] != OKABE_ITO["vermillion"] for s in others)
