"""The drop-downs of indikatortrender.ipynb: real ipywidgets on the example data. (The
notebook itself, with the drop-downs displayed, runs under nbval and papermill.)"""

from __future__ import annotations

import pytest
from conftest import RAW

import styranalys as sa
from styranalys.explorer import TrendExplorer, select_indicators


@pytest.fixture(scope="module")
def data():
    goals = sa.read_goals(RAW)
    return goals, sa.read_indicators(RAW, goals=goals)


def test_the_drop_downs_start_at_the_parameters_and_follow_each_choice(data):
    goals, indicators = data
    explorer = TrendExplorer(indicators, "Socialnämnden", period="bokslut", goals=goals)
    social = select_indicators(indicators, "bokslut", "Socialnämnden")
    assert explorer.selection().equals(social)  # what papermill builds for the parameters
    goal_names = {label for label, value in explorer.mal.options if value}
    assert goal_names == set(goals.loc[goals["mal_id"].isin(social["mal_id"]), "mal"])
    renders = explorer.renders
    explorer.namnd.value = "Tillväxtnämnden"
    assert explorer.renders == renders + 1  # one redraw per choice, not one per drop-down
    growth = select_indicators(indicators, "bokslut", "Tillväxtnämnden")
    assert {v for _, v in explorer.indikator.options if v} == set(growth["indikator_id"])
    goal = next(v for _, v in explorer.mal.options if v)
    explorer.mal.value = goal
    assert set(explorer.selection()["mal_id"]) == {goal}
    one = next(v for _, v in explorer.indikator.options if v)
    explorer.indikator.value = one
    assert set(explorer.selection()["indikator_id"]) == {one}
    renders = explorer.renders
    explorer.namnd.value = ""  # all nämnder again: the goal and indicator are let go
    assert explorer.mal.value == "" and explorer.indikator.value == ""
    assert explorer.renders == renders + 1
    assert len(explorer.selection()) == len(select_indicators(indicators, "bokslut"))
