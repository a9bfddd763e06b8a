"""The scoring engine: golden cases computed by hand, and properties that must always hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.scoring import (
    NA,
    ChoiceSpec,
    Condition,
    DimensionSpec,
    InvalidAnswer,
    LevelSpec,
    QuestionnaireSpec,
    QuestionSpec,
    answer_score,
    score_assessment,
)

LADDER = tuple(LevelSpec(lv, m) for lv, m in [(0, 0), (1, 10), (2, 30), (3, 50), (4, 70), (5, 85)])

SINGLE = QuestionSpec(
    "channel",
    "single",
    2.0,
    (ChoiceSpec("none", 0.0), ChoiceSpec("some", 0.4), ChoiceSpec("all", 1.0)),
)
MULTI = QuestionSpec(
    "tools",
    "multi",
    1.0,
    (ChoiceSpec("a", 1.0), ChoiceSpec("b", 2.0), ChoiceSpec("c", 1.0), ChoiceSpec("none", 0.0)),
)
SCALE = QuestionSpec("adoption", "scale", 1.0)
TRI = QuestionSpec("policy", "tristate", 1.0)
COOP = QuestionSpec("members", "tristate", 1.0, org_kinds=frozenset({"cooperative"}))
FOLLOW = QuestionSpec(
    "which", "tristate", 1.0, condition=Condition("channel", frozenset({"some", "all"}))
)

SPEC = QuestionnaireSpec(
    dimensions=(
        DimensionSpec("sales", 2.0, (SINGLE, MULTI, FOLLOW)),
        DimensionSpec("ops", 1.0, (SCALE, TRI, COOP)),
    ),
    levels=LADDER,
)


class TestAnswerScore:
    def test_single_choice_is_the_choice_score(self):
        assert answer_score(SINGLE, ["some"]) == 0.4

    def test_multiple_choice_is_the_weighted_share_of_selected_choices(self):
        assert answer_score(MULTI, ["a", "b"]) == pytest.approx(3 / 4)
        assert answer_score(MULTI, ["none"]) == 0.0

    def test_scale_is_value_over_five(self):
        assert answer_score(SCALE, 3) == pytest.approx(0.6)

    def test_no_partly_yes(self):
        assert [answer_score(TRI, [k]) for k in ("no", "partly", "yes")] == [0.0, 0.5, 1.0]

    def test_not_applicable_has_no_score(self):
        assert answer_score(SINGLE, NA) is None

    @pytest.mark.parametrize(
        ("question", "value"),
        [
            (SINGLE, ["elsewhere"]),
            (SINGLE, ["none", "all"]),
            (MULTI, ["a", "a"]),
            (SCALE, 6),
            (SCALE, True),
            (TRI, ["maybe"]),
            (SINGLE, "some"),
        ],
    )
    def test_impossible_answers_are_refused(self, question, value):
        with pytest.raises(InvalidAnswer):
            answer_score(question, value)


def test_golden_enterprise_case():
    answers = {
        "channel": ["some"],  # 0.4, weight 2
        "tools": ["a", "c"],  # (1+1)/4 = 0.5, weight 1
        "which": ["yes"],  # 1.0, weight 1, asked because channel=some
        "adoption": 4,  # 0.8
        "policy": ["partly"],  # 0.5
        "members": ["yes"],  # not asked: enterprise
    }
    result = score_assessment(SPEC, answers, "enterprise")

    # sales = (0.4*2 + 0.5 + 1.0) / 4 = 0.575 -> 57.5 ; ops = (0.8 + 0.5) / 2 -> 65
    assert result.dimension("sales").score == 57.5
    assert result.dimension("ops").score == 65.0
    # overall = (57.5*2 + 65) / 3 = 60
    assert result.overall == 60.0
    assert result.level == 3
    assert result.dimension("ops").counted == 2


def test_golden_cooperative_case_with_na_and_unmet_condition():
    answers = {
        "channel": ["none"],  # 0 ; "which" is not asked
        "tools": NA,
        "which": ["yes"],  # ignored: its condition is not met
        "adoption": 5,
        "policy": ["yes"],
        "members": ["no"],
    }
    result = score_assessment(SPEC, answers, "cooperative")

    assert result.dimension("sales").score == 0.0
    assert result.dimension("ops").score == pytest.approx(66.67)
    assert result.overall == pytest.approx((0 * 2 + 66.67) / 3, abs=0.01)
    assert result.level == 1


def test_a_dimension_with_only_na_answers_is_left_out_of_the_overall():
    spec = QuestionnaireSpec(
        (DimensionSpec("a", 1, (TRI,)), DimensionSpec("b", 1, (SCALE,))), LADDER
    )

    result = score_assessment(spec, {"policy": NA, "adoption": 5})

    assert result.dimension("a").score is None
    assert result.overall == 100.0
    assert result.level == 5


def test_eu_jrc_dma_scoring_expressed_as_data():
    """Six equally weighted dimensions, overall = mean, bands at 25/50/75 (as levels 0-3)."""
    bands = tuple(LevelSpec(lv, m) for lv, m in [(0, 0), (1, 25), (2, 50), (3, 75)])
    dims = tuple(
        DimensionSpec(f"d{i}", 1.0, (QuestionSpec(f"q{i}", "scale", 1.0),)) for i in range(6)
    )
    spec = QuestionnaireSpec(dims, bands)
    # 0-5 answers map to 0, 20, 40, 60, 80, 100 per dimension.
    answers = {"q0": 5, "q1": 4, "q2": 3, "q3": 2, "q4": 1, "q5": 0}

    result = score_assessment(spec, answers)

    assert [d.score for d in result.dimensions] == [100, 80, 60, 40, 20, 0]
    assert result.overall == 50.0  # mean of the six
    assert result.level == 2  # "Moderately advanced" band starts at 50


# --- properties ---------------------------------------------------------------------------

PLAIN_SPEC = QuestionnaireSpec(
    dimensions=(
        DimensionSpec("sales", 1.5, (SINGLE, MULTI)),
        DimensionSpec("ops", 1.0, (SCALE, TRI)),
    ),
    levels=LADDER,
)
answer_for = {
    "channel": st.sampled_from([["none"], ["some"], ["all"], NA]),
    "tools": st.lists(st.sampled_from(["a", "b", "c", "none"]), min_size=1, max_size=4, unique=True)
    | st.just(NA),
    "adoption": st.integers(0, 5) | st.just(NA),
    "policy": st.sampled_from([["no"], ["partly"], ["yes"], NA]),
}
answers_strategy = st.fixed_dictionaries({}, optional=answer_for)


@given(answers_strategy)
def test_every_score_is_between_0_and_100(answers):
    result = score_assessment(PLAIN_SPEC, answers)
    scores = [d.score for d in result.dimensions if d.score is not None]
    if result.overall is not None:
        scores.append(result.overall)
    assert all(0 <= s <= 100 for s in scores)
    assert result.level is None or 0 <= result.level <= 5


@given(answers_strategy, st.sampled_from(["channel", "adoption", "policy"]))
def test_improving_one_answer_never_lowers_a_score(answers, key):
    better = {
        "channel": ["all"],
        "adoption": 5,
        "policy": ["yes"],
    }[key]
    if answers.get(key, NA) is NA:
        return
    before = score_assessment(PLAIN_SPEC, answers)
    after = score_assessment(PLAIN_SPEC, {**answers, key: better})
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        # A dimension with no scored answer stays without a score.
        assert (old.score is None and new.score is None) or new.score >= old.score
    assert after.overall >= before.overall


@given(answers_strategy, st.sampled_from(list(answer_for)))
def test_not_applicable_answers_do_not_move_the_score(answers, key):
    without = {k: v for k, v in answers.items() if k != key}
    with_na = {**without, key: NA}

    assert (
        score_assessment(PLAIN_SPEC, with_na).overall
        == score_assessment(PLAIN_SPEC, without).overall
    )
