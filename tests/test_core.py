"""Core plumbing: atomic writes, the registry's record of loads, errors, plot and widget helpers."""

from __future__ import annotations

import os
import stat

import ipywidgets as W
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import toolkit
from toolkit.errors import DataFormatError, ParameterError, UnknownDatasetError
from toolkit.io import atomic_write
from toolkit.registry import loaded_datasets
from toolkit.viz.theme import add_source_note, mark_events, source_note_of
from toolkit.viz.widgets import REDRAW_MARKER, build_view


def test_atomic_write_replaces_whole_file_with_normal_mode(tmp_path):
    target = tmp_path / "sub" / "out.html"
    atomic_write(target, "first")
    atomic_write(target, b"second")
    assert target.read_text() == "second"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["out.html"]  # no temp file left


def test_atomic_write_keeps_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    atomic_write(target, "kept")

    def crash(src, dst):  # the process dies between writing the temp file and renaming it
        raise OSError("disk gone")

    monkeypatch.setattr("toolkit.io.os.replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        atomic_write(target, "new content")
    assert target.read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # temp file removed


def test_registry_records_each_loaded_dataset_once():
    toolkit.load("events")
    toolkit.load("events")
    names = loaded_datasets()
    assert "events" in names
    assert names.count("events") == 1


def test_unknown_dataset_lists_known_names():
    with pytest.raises(UnknownDatasetError) as err:
        toolkit.load("no_such_dataset")
    assert "no_such_dataset" in str(err.value)
    assert "us_russia_trade" in str(err.value)


def test_unknown_option_names_dataset_and_key():
    with pytest.raises(ParameterError, match=r"load\('events'\), key 'colour'"):
        toolkit.load("events", colour="red")


def test_data_format_error_names_file_line_and_column():
    err = DataFormatError("/x/sdn.csv", "expected 12 fields, found 11", line=7, column="Program")
    assert str(err) == "/x/sdn.csv, line 7, column 'Program': expected 12 fields, found 11"


def test_source_note_sits_below_the_axes_and_cites_provenance():
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    ax.set_xlabel("year")
    add_source_note(
        ax, {"publisher": "US Census Bureau", "title": "country.xlsx", "vintage": "2024-06"}
    )
    assert source_note_of(ax) == "Source: US Census Bureau, country.xlsx, 2024-06"
    fig.canvas.draw()
    note = next(t for t in ax.texts if t.get_gid() == "source-note")
    renderer = fig.canvas.get_renderer()
    # The note is entirely below the x-axis label, so they never overlap.
    assert note.get_window_extent(renderer).y1 <= ax.xaxis.label.get_window_extent(renderer).y0


def test_close_events_share_a_label_but_keep_their_lines():
    fig, ax = plt.subplots()
    ax.plot(pd.to_datetime(["2014-01-01", "2024-01-01"]), [0, 1])
    events = pd.DataFrame(
        {
            "date": ["2022-02-24", "2022-02-28", "2017-08-02"],  # first two days apart
            "label": ["Invasion", "Central bank", "CAATSA"],
        }
    )
    mark_events(ax, events)
    lines = [ln for ln in ax.lines if ln.get_gid() == "event"]
    labels = sorted(t.get_text() for t in ax.texts if t.get_gid() == "event-label")
    assert len(lines) == 3
    assert labels == ["CAATSA", "Invasion (+1)"]


def test_view_redraws_on_control_change_and_static_twin_follows():
    calls = []

    def render(n):
        calls.append(n)
        fig, ax = plt.subplots()
        ax.plot(range(n))
        return fig, pd.DataFrame({"n": [n]})

    view = build_view(render, {"n": W.IntSlider(value=2, min=1, max=9)}, title="demo")
    first = view.static_html()
    view.controls["n"].value = 5
    assert calls == [2, 5]
    assert view.last_table["n"].tolist() == [5]
    assert view.static_html() != first
    assert "<td>5</td>" in view.static_html()
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == view.static_html()
    assert plt.get_fignums() == []  # the view's figures stay out of pyplot
    assert REDRAW_MARKER == "view updated"
