"""Prioritisation scores: the three formulas, missing inputs, and the rank order."""

from types import SimpleNamespace

import pytest

from ipmp_desktop.core.services.scoring import rank_order, rice, score, value_effort, wsjf


def test_rice_is_reach_times_impact_times_confidence_over_effort():
    assert rice(1000, 2, 80, 4) == pytest.approx(400.0)
    assert rice(0, 3, 100, 1) == 0.0  # scored, just zero


@pytest.mark.parametrize(
    "inputs", [(None, 2, 80, 4), (1000, None, 80, 4), (1000, 2, None, 4), (1000, 2, 80, None)]
)
def test_rice_without_an_input_is_unscored(inputs):
    assert rice(*inputs) is None


def test_value_effort_and_wsjf():
    assert value_effort(8, 2.0) == 4.0
    assert value_effort(8, None) is None and value_effort(None, 2) is None
    assert value_effort(8, 0) is None  # no division by zero
    assert wsjf(8, 5, 3, 4) == 4.0
    assert wsjf(8, 5, None, 4) is None
    assert wsjf(8, 5, 3, 0) is None


def test_score_follows_the_model():
    item = SimpleNamespace(
        reach=100, impact=1.0, confidence=50, effort=2.0, value=6, time_criticality=3,
        risk_reduction=3, job_size=3,
    )  # fmt: skip
    assert score("rice", item) == 25.0
    assert score("value_effort", item) == 3.0
    assert score("wsjf", item) == 4.0
    assert score("moscow", item) is None


def test_rank_order_manual_ranks_first_then_score_then_title():
    items = [
        ("b", None, 10.0),
        ("a", None, 10.0),
        ("unscored", None, None),
        ("low", None, 1.0),
        ("pinned 2", 2, None),
        ("pinned 1", 1, 0.5),
        ("Top", None, 99.0),
    ]
    ordered = rank_order(
        items, override=lambda i: i[1], score_of=lambda i: i[2], title=lambda i: i[0]
    )
    assert [i[0] for i in ordered] == ["pinned 1", "pinned 2", "Top", "a", "b", "low", "unscored"]
