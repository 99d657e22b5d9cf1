"""Tests of the price-cap plot, with and without a recomputed dynamic cap."""

from __future__ import annotations

import pandas as pd

import toolkit
from toolkit.themes.sanctions.plots import plot_price_caps
from toolkit.themes.sanctions.price_cap import dynamic_cap
from toolkit.viz.theme import source_note_of


def test_caps_drawn_as_steps_with_a_users_dynamic_cap():
    caps = toolkit.load("price_caps")
    prices = pd.Series(70.0, index=pd.date_range("2025-01-01", "2025-12-31"))
    ax = plot_price_caps(caps, end="2025-12-31", dynamic=dynamic_cap(prices))
    lines = {line.get_label(): line for line in ax.lines}
    assert set(lines["crude (G7+EU+Australia)"].get_ydata()) == {60}
    assert set(lines["dynamic crude (EU)"].get_ydata()) == {47.6}
    assert set(lines["products at a premium to crude (G7+EU)"].get_ydata()) == {100}
    assert set(lines["EU rule applied to your prices"].get_ydata()) == {59.5}
    assert "OFAC" in source_note_of(ax)
