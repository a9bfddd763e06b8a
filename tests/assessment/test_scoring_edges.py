"""The scoring engine's edges: rounding for display, per-question results, who is asked what,
zero weights, level boundaries and the errors a tampered answer gets.

Plain Python: no database and no Django, so ``make mutation`` can run these on their own.
"""

from __future__ import annotations

import pytest

from assessment.scoring import (
    NA,
    ChoiceSpec,
    Condition,
    DimensionSpec,
    InvalidAnswer,
    LevelSpec,
    QuestionnaireSpec,
    QuestionResult,
    QuestionSpec,
    answer_score,
    display_score,
    is_asked,
    level_for,
    score_assessment,
)

LADDER = tuple(LevelSpec(lv, m) for lv, m in [(0, 0), (1, 10), (2, 30), (3, 50), (4, 70), (5, 85)])

CHANNEL = QuestionSpec(
    "channel",
    "single",
    2.0,
    (ChoiceSpec("none", 0.0), ChoiceSpec("some", 0.4), ChoiceSpec("all", 1.0)),
)
TOOLS = QuestionSpec(
    "tools",
    "multi",
    1.0,
    (ChoiceSpec("a", 1.0), ChoiceSpec("b", 2.0), ChoiceSpec("c", 1.0), ChoiceSpec("none", 0.0)),
)
WHICH = QuestionSpec(
    "which", "tristate", 1.0, condition=Condition("channel", frozenset({"some", "all"}))
)
ADOPTION = QuestionSpec("adoption", "scale", 1.0)
POLICY = QuestionSpec("policy", "tristate", 1.0)
MEMBERS = QuestionSpec("members", "tristate", 1.0, org_kinds=frozenset({"cooperative"}))

SPEC = QuestionnaireSpec(
    dimensions=(
        DimensionSpec("sales", 2.0, (CHANNEL, TOOLS, WHICH)),
        DimensionSpec("ops", 1.0, (ADOPTION, POLICY, MEMBERS)),
    ),
    levels=LADDER,
)


def single_dimension(*questions: QuestionSpec, levels=LADDER) -> QuestionnaireSpec:
    return QuestionnaireSpec((DimensionSpec("only", 1.0, questions),), levels)


class TestDisplayScore:
    @pytest.mark.parametrize(
        ("score", "shown"),
        [
            (62.5, 63),  # half rounds up ...
            (0.5, 1),  # ... where round() would give 0
            (2.5, 3),  # ... and 2
            (99.5, 100),
            (62.4999, 62),  # below the half rounds down
            (62.51, 63),
            (0, 0),
            (0.0, 0),
            (100, 100),
            (100.0, 100),
            (57.49, 57),
        ],
    )
    def test_half_rounds_up(self, score, shown):
        assert display_score(score) == shown

    def test_is_a_whole_number(self):
        assert type(display_score(62.5)) is int

    def test_no_score_is_shown_as_none(self):
        assert display_score(None) is None


class TestPerQuestionResults:
    def test_each_asked_question_with_its_value_and_score_in_questionnaire_order(self):
        answers = {
            # Given in another order than the questionnaire's.
            "which": ["partly"],  # 0.5; asked because channel = some
            "tools": NA,  # asked, answered "not applicable": no score
            "channel": ["some"],  # 0.4
            "policy": ["yes"],  # 1.0
            "adoption": 2,  # 2 / 5 = 0.4
            "members": ["no"],  # not asked: only co-operatives are
        }

        result = score_assessment(SPEC, answers, "enterprise")

        assert result.dimension("sales").questions == (
            QuestionResult("channel", ["some"], 0.4),
            QuestionResult("tools", NA, None),
            QuestionResult("which", ["partly"], 0.5),
        )
        assert result.dimension("ops").questions == (
            QuestionResult("adoption", 2, 0.4),
            QuestionResult("policy", ["yes"], 1.0),
        )
        # Answered counts the NA too; counted only the scored answers.
        assert (result.dimension("sales").answered, result.dimension("sales").counted) == (3, 2)
        assert (result.dimension("ops").answered, result.dimension("ops").counted) == (2, 2)
        # sales = (0.4*2 + 0.5*1) / 3 = 1.3 / 3 = 0.43333 -> 43.33
        assert result.dimension("sales").score == 43.33
        # ops = (0.4 + 1.0) / 2 = 0.7 -> 70
        assert result.dimension("ops").score == 70.0

    def test_questions_not_asked_or_not_answered_are_absent(self):
        answers = {
            "channel": ["none"],  # so "which" is not asked ...
            "which": ["yes"],  # ... and this stale answer is dropped
            "members": ["yes"],  # an enterprise is not asked this
            # "tools", "adoption" and "policy" left unanswered
        }

        result = score_assessment(SPEC, answers, "enterprise")

        assert result.dimension("sales").questions == (QuestionResult("channel", ["none"], 0.0),)
        assert result.dimension("ops").questions == ()
        assert result.dimension("ops").answered == 0
        assert result.dimension("ops").score is None

    def test_a_cooperative_is_asked_its_own_question(self):
        result = score_assessment(SPEC, {"members": ["partly"]}, "cooperative")

        assert result.dimension("ops").questions == (QuestionResult("members", ["partly"], 0.5),)
        assert result.dimension("ops").score == 50.0

    def test_no_answers_at_all(self):
        result = score_assessment(SPEC, {})

        assert [
            (d.key, d.score, d.answered, d.counted, d.questions) for d in result.dimensions
        ] == [
            ("sales", None, 0, 0, ()),
            ("ops", None, 0, 0, ()),
        ]
        assert (result.overall, result.level) == (None, None)

    def test_dimension_results_carry_their_weight(self):
        result = score_assessment(SPEC, {"adoption": 5})

        assert [(d.key, d.weight) for d in result.dimensions] == [("sales", 2.0), ("ops", 1.0)]


class TestConditions:
    @pytest.mark.parametrize(
        ("answers", "sales_questions"),
        [
            # The question it depends on was not answered ...
            ({"which": ["yes"]}, ()),
            # ... or answered "not applicable" ...
            ({"channel": NA, "which": ["yes"]}, (QuestionResult("channel", NA, None),)),
            # ... or with another choice.
            (
                {"channel": ["none"], "which": ["yes"]},
                (QuestionResult("channel", ["none"], 0.0),),
            ),
        ],
    )
    def test_a_follow_up_is_not_asked_unless_its_condition_holds(self, answers, sales_questions):
        assert not is_asked(WHICH, answers, None)
        assert score_assessment(SPEC, answers).dimension("sales").questions == sales_questions

    @pytest.mark.parametrize("choice", ["some", "all"])
    def test_a_follow_up_is_asked_for_any_of_its_choices(self, choice):
        assert is_asked(WHICH, {"channel": [choice]}, None)

    def test_a_condition_on_a_scale_answer_is_never_met(self):
        # Conditions name choices; a 0–5 number has none.
        follow = QuestionSpec("why", "tristate", condition=Condition("adoption", frozenset({"3"})))
        spec = single_dimension(ADOPTION, follow)

        assert not is_asked(follow, {"adoption": 3}, None)
        result = score_assessment(spec, {"adoption": 3, "why": ["yes"]})
        assert [q.key for q in result.dimension("only").questions] == ["adoption"]
        assert result.dimension("only").score == 60.0  # 3 / 5

    def test_organisation_kind(self):
        assert is_asked(MEMBERS, {}, "cooperative")
        assert not is_asked(MEMBERS, {}, "enterprise")
        assert not is_asked(MEMBERS, {}, None)  # kind unknown: only questions for everyone
        assert is_asked(POLICY, {}, None)

    def test_kind_and_condition_must_both_hold(self):
        both = QuestionSpec(
            "both",
            "tristate",
            org_kinds=frozenset({"cooperative"}),
            condition=Condition("channel", frozenset({"all"})),
        )
        assert is_asked(both, {"channel": ["all"]}, "cooperative")
        assert not is_asked(both, {"channel": ["all"]}, "enterprise")
        assert not is_asked(both, {"channel": ["some"]}, "cooperative")


class TestWeights:
    def test_a_question_weighted_zero_leaves_its_dimension_without_score(self):
        # Asked for context only: (1.0 * 0) / 0 would be undefined, so no score.
        info = QuestionSpec("info", "tristate", 0.0)
        spec = QuestionnaireSpec(
            (DimensionSpec("info", 1.0, (info,)), DimensionSpec("ops", 1.0, (ADOPTION,))), LADDER
        )

        result = score_assessment(spec, {"info": ["yes"], "adoption": 1})

        assert result.dimension("info").score is None
        assert result.dimension("info").questions == (QuestionResult("info", ["yes"], 1.0),)
        assert result.overall == 20.0  # only ops: 1 / 5
        assert result.level == 1

    def test_a_question_weighted_zero_does_not_move_its_dimension(self):
        info = QuestionSpec("info", "tristate", 0.0)
        spec = single_dimension(ADOPTION, info)

        assert score_assessment(spec, {"adoption": 4, "info": ["no"]}).overall == 80.0

    def test_dimensions_weighted_zero_give_no_overall(self):
        spec = QuestionnaireSpec(
            (DimensionSpec("a", 0.0, (ADOPTION,)), DimensionSpec("b", 0.0, (POLICY,))), LADDER
        )

        result = score_assessment(spec, {"adoption": 5, "policy": ["yes"]})

        assert [d.score for d in result.dimensions] == [100.0, 100.0]
        assert (result.overall, result.level) == (None, None)

    def test_scores_are_rounded_to_two_decimals(self):
        spec = QuestionnaireSpec(
            (
                DimensionSpec("a", 1.0, (ADOPTION,)),
                DimensionSpec("b", 2.0, (POLICY,)),
                DimensionSpec("c", 1.0, (QuestionSpec("x", "scale"),)),
            ),
            LADDER,
        )
        # a = 100, b = 0, c not answered; overall = (100*1 + 0*2) / 3 = 33.333... -> 33.33
        result = score_assessment(spec, {"adoption": 5, "policy": ["no"]})
        assert result.overall == 33.33
        assert result.level == 2

        # One dimension, three equal questions: (1 + 0 + 0) / 3 = 0.3333 -> 33.33
        three = single_dimension(ADOPTION, POLICY, QuestionSpec("extra", "tristate"), levels=LADDER)
        result = score_assessment(three, {"adoption": 5, "policy": ["no"], "extra": ["no"]})
        assert result.dimension("only").score == 33.33
        # 2/3 -> 66.67 (rounded half up at the second decimal, not cut off)
        result = score_assessment(three, {"adoption": 5, "policy": ["yes"], "extra": ["no"]})
        assert result.dimension("only").score == 66.67
        assert result.overall == 66.67


class TestLevels:
    @pytest.mark.parametrize(
        ("score", "level"),
        [
            (0.0, 0),
            (9.99, 0),
            (10.0, 1),  # a threshold is reached by the score equal to it
            (29.99, 1),
            (30.0, 2),
            (69.5, 3),
            (70.0, 4),
            (84.99, 4),
            (85.0, 5),
            (100.0, 5),
        ],
    )
    def test_highest_threshold_reached(self, score, level):
        assert level_for(score, LADDER) == level

    def test_float_noise_below_a_threshold_still_reaches_it(self):
        # Sums of floats can land a hair under a threshold (0.1 + 0.2 != 0.3); up to a
        # billionth of a point is treated as reaching it.
        assert level_for(70 - 1e-9, LADDER) == 4
        assert level_for(70 - 1e-6, LADDER) == 3

    def test_a_score_below_every_threshold_gets_the_lowest_level(self):
        ladder = (LevelSpec(2, 40), LevelSpec(1, 20), LevelSpec(3, 60))
        assert level_for(5.0, ladder) == 1
        assert level_for(45.0, ladder) == 2

    def test_no_score_or_no_levels_gives_no_level(self):
        assert level_for(None, LADDER) is None
        assert level_for(50.0, ()) is None

    def test_the_overall_score_gets_its_level(self):
        spec = single_dimension(ADOPTION)
        assert [score_assessment(spec, {"adoption": v}).level for v in range(6)] == [
            0,  # 0
            1,  # 20
            2,  # 40
            3,  # 60
            4,  # 80
            5,  # 100
        ]


class TestAnswerScoreEdges:
    def test_multiple_choice_whose_choices_are_all_worth_nothing_scores_zero(self):
        info = QuestionSpec("which_apps", "multi", 1.0, (ChoiceSpec("x", 0), ChoiceSpec("y", 0)))
        assert answer_score(info, ["x", "y"]) == 0.0

    def test_all_choices_of_a_multiple_choice_score_one(self):
        assert answer_score(TOOLS, ["a", "b", "c", "none"]) == 1.0
        assert answer_score(TOOLS, ["b"]) == 0.5  # 2 / (1+2+1+0)

    def test_choice_keys_may_come_as_a_tuple(self):
        assert answer_score(CHANNEL, ("all",)) == 1.0
        assert answer_score(TOOLS, ("a", "c")) == 0.5

    def test_scale_ends(self):
        assert answer_score(ADOPTION, 0) == 0.0
        assert answer_score(ADOPTION, 5) == 1.0

    @pytest.mark.parametrize(
        ("question", "value", "message"),
        [
            (ADOPTION, -1, "adoption: scale answers are whole numbers 0–5"),
            (ADOPTION, 6, "adoption: scale answers are whole numbers 0–5"),
            (ADOPTION, 2.5, "adoption: scale answers are whole numbers 0–5"),
            (ADOPTION, False, "adoption: scale answers are whole numbers 0–5"),
            (ADOPTION, ["3"], "adoption: scale answers are whole numbers 0–5"),
            # A bare string is not a list of keys, even a one-letter one that is a key.
            (TOOLS, "a", "tools: expected a list of choice keys"),
            (CHANNEL, 1, "channel: expected a list of choice keys"),
            (TOOLS, {"a"}, "tools: expected a list of choice keys"),
            (POLICY, "yes", "policy: expected a list of choice keys"),
            (POLICY, ["yes", "no"], "policy: answer no, partly or yes"),
            (POLICY, [], "policy: answer no, partly or yes"),
            (POLICY, ["sometimes"], "policy: answer no, partly or yes"),
            (CHANNEL, [], "channel: unknown or repeated choice []"),
            (CHANNEL, ["some", "x"], "channel: unknown or repeated choice ['x']"),
            (TOOLS, ["a", "a"], "tools: unknown or repeated choice []"),
            (TOOLS, [], "tools: unknown or repeated choice []"),
            (CHANNEL, ["some", "all"], "channel: choose exactly one"),
            (
                QuestionSpec("rank", "ranking", 1.0, (ChoiceSpec("a", 1.0),)),
                ["a"],
                "rank: unknown question type 'ranking'",
            ),
        ],
    )
    def test_impossible_answers_are_refused_naming_the_question(self, question, value, message):
        with pytest.raises(InvalidAnswer) as raised:
            answer_score(question, value)
        assert str(raised.value) == message

    def test_an_impossible_answer_stops_scoring(self):
        with pytest.raises(InvalidAnswer, match="adoption"):
            score_assessment(SPEC, {"adoption": 7})

    def test_an_impossible_answer_to_a_question_not_asked_is_ignored(self):
        result = score_assessment(SPEC, {"members": ["maybe"], "policy": ["yes"]}, "enterprise")
        assert result.overall == 100.0


class TestLookups:
    def test_question_by_key(self):
        assert SPEC.question("which") is WHICH
        assert SPEC.question("members") is MEMBERS
        assert SPEC.question("unknown") is None

    def test_dimension_by_key(self):
        result = score_assessment(SPEC, {"adoption": 5})
        assert result.dimension("ops").score == 100.0
        assert result.dimension("unknown") is None

    def test_not_applicable_is_one_value_shown_as_na(self):
        assert type(NA)() is NA
        assert repr(NA) == "NA"
        assert repr([NA]) == "[NA]"
