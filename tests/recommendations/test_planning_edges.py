"""Plan building at its edges: the full ordering, gaps and targets, caps, score bands,
answer conditions, organisation kinds and sectors.

Plain Python: no database and no Django, so ``make mutation`` can run these on their own.
"""

from __future__ import annotations

import pytest

from recommendations.planning import (
    DAYS_30,
    DAYS_90,
    HORIZONS,
    MONTHS_6,
    NOW,
    ChoiceCondition,
    ChosenAction,
    PlanInput,
    RuleSpec,
    build_plan,
    matches,
)

# sales: gap 80 x weight 1.2 = 96; ops: gap 20 x 1.0 = 20; people: no score yet (None).
INPUT = PlanInput(
    dimension_scores={"sales": 20.0, "ops": 80.0, "people": None},
    dimension_weights={"sales": 1.2, "ops": 1.0, "people": 0.5},
    answers={"shop": ["none"], "apps": ("zalo", "facebook"), "books": 3, "note": "none"},
    org_kind="cooperative",
    sector="agriculture",
)


def rule(key: str, **kwargs) -> RuleSpec:
    kwargs.setdefault("dimension", "sales")
    kwargs.setdefault("horizon", DAYS_30)
    return RuleSpec(key=key, **kwargs)


def keys(plan: list[ChosenAction]) -> list[str]:
    return [action.rule for action in plan]


def test_horizons_run_from_now_to_six_months():
    assert HORIZONS == (NOW, DAYS_30, DAYS_90, MONTHS_6) == ("now", "30d", "90d", "6m")


class TestOrder:
    RULES = (
        rule("ops_p2_b", dimension="ops", horizon=DAYS_90),  # 20, priority 2 (default)
        rule("ops_p1", dimension="ops", horizon=DAYS_90, priority=1),  # 20
        rule("z_quick", dimension="ops", horizon=NOW, quick_win=True),  # 20, priority 2
        rule("sales_p3", dimension="sales", horizon=DAYS_30, priority=3),  # 96
        rule("ops_p2_a", dimension="ops", horizon=DAYS_90),  # 20, priority 2
        rule("later", dimension="sales", horizon=MONTHS_6),  # 96, but in 6 months
        rule("a_quick", dimension="ops", horizon=NOW, quick_win=True),  # 20, priority 2
        rule("m_quick", dimension="ops", horizon=NOW, quick_win=True, priority=1),  # 20
        rule("s_quick", dimension="sales", horizon=NOW, quick_win=True, priority=3),  # 96
    )
    EXPECTED = (
        # By horizon first. Now: quick wins, among them the largest gap x weight first ...
        "s_quick",  # 96
        # ... then the priority (1 high) ...
        "m_quick",  # 20, priority 1
        # ... then the key.
        "a_quick",  # 20, priority 2, key a < z
        "z_quick",  # 20, priority 2
        # Within 30 days
        "sales_p3",  # 96, priority 3
        # Within 90 days: the same gap, so the priority, then the key
        "ops_p1",  # 20, priority 1
        "ops_p2_a",
        "ops_p2_b",
        # Within 6 months: last, however large its gap
        "later",
    )

    def test_horizon_then_quick_wins_then_gap_times_weight_then_priority_then_key(self):
        assert keys(build_plan(INPUT, self.RULES)) == list(self.EXPECTED)

    def test_the_order_of_the_rules_given_does_not_matter(self):
        assert keys(build_plan(INPUT, self.RULES[::-1])) == list(self.EXPECTED)

    def test_a_quick_win_comes_first_even_with_a_small_gap(self):
        rules = [rule("big", dimension="sales"), rule("quick", dimension="ops", quick_win=True)]
        assert keys(build_plan(INPUT, rules)) == ["quick", "big"]

    def test_gap_is_weighted(self):
        # a: gap 50 x 1.0 = 50; b: gap 40 x 2.0 = 80, so b first though its gap is smaller.
        plan_input = PlanInput({"a": 50.0, "b": 60.0}, {"a": 1.0, "b": 2.0})
        plan = build_plan(plan_input, [rule("ra", dimension="a"), rule("rb", dimension="b")])

        assert keys(plan) == ["rb", "ra"]
        assert [a.urgency for a in plan] == [80.0, 50.0]


class TestChosenAction:
    def test_carries_what_the_plan_shows(self):
        plan = build_plan(
            INPUT, [rule("r", dimension="sales", horizon=DAYS_90, priority=3, quick_win=True)]
        )

        assert plan == [
            ChosenAction(
                rule="r",
                dimension="sales",
                horizon=DAYS_90,
                quick_win=True,
                priority=3,
                gap=80.0,  # 100 - 20
                weight=1.2,
            )
        ]
        assert plan[0].urgency == pytest.approx(96.0)

    def test_a_dimension_without_score_has_the_full_gap(self):
        # Nothing counted in "people" yet: the gap is all of it, 100 - 0.
        (action,) = build_plan(INPUT, [rule("r", dimension="people")])
        assert (action.gap, action.weight, action.urgency) == (100.0, 0.5, 50.0)

    def test_a_dimension_without_weight_counts_once(self):
        plan_input = PlanInput({"sales": 40.0}, {})
        (action,) = build_plan(plan_input, [rule("r")])
        assert (action.gap, action.weight) == (60.0, 1.0)

    def test_a_perfect_score_has_no_gap(self):
        (action,) = build_plan(PlanInput({"sales": 100.0}, {"sales": 2.0}), [rule("r")])
        assert (action.gap, action.urgency) == (0.0, 0.0)


class TestTargets:
    PLAN_INPUT = PlanInput({"sales": 20.0, "ops": 60.0}, {"sales": 1.0, "ops": 1.0})
    RULES = (rule("sales", dimension="sales"), rule("ops", dimension="ops"))

    def test_without_targets_the_gap_is_to_a_full_score(self):
        plan = build_plan(self.PLAN_INPUT, self.RULES)
        # sales 100 - 20 = 80; ops 100 - 60 = 40
        assert [(a.rule, a.gap) for a in plan] == [("sales", 80.0), ("ops", 40.0)]

    def test_a_target_changes_the_gap_and_so_the_order(self):
        plan_input = PlanInput(
            self.PLAN_INPUT.dimension_scores,
            self.PLAN_INPUT.dimension_weights,
            dimension_targets={"sales": 30.0},
        )
        plan = build_plan(plan_input, self.RULES)
        # ops 100 - 60 = 40 (no target) now comes before sales 30 - 20 = 10.
        assert [(a.rule, a.gap) for a in plan] == [("ops", 40.0), ("sales", 10.0)]

    def test_a_target_already_reached_leaves_no_gap(self):
        plan_input = PlanInput(
            self.PLAN_INPUT.dimension_scores,
            self.PLAN_INPUT.dimension_weights,
            dimension_targets={"sales": 10.0, "ops": 50.0},
        )
        plan = build_plan(plan_input, self.RULES)
        # Both above their target: the gaps are 0, not negative; the key decides.
        assert [(a.rule, a.gap) for a in plan] == [("ops", 0.0), ("sales", 0.0)]

    def test_a_target_for_a_dimension_without_score(self):
        plan_input = PlanInput({"people": None}, {"people": 1.0}, dimension_targets={"people": 50})
        (action,) = build_plan(plan_input, [rule("r", dimension="people")])
        assert action.gap == 50.0


class TestCaps:
    def test_each_horizon_holds_at_most_cap_actions_the_most_urgent(self):
        # Five "now" actions: sales ones (96) outrank ops ones (20); the last is dropped.
        rules = [rule(f"ops{i}", dimension="ops", horizon=NOW) for i in range(3)] + [
            rule(f"sales{i}", horizon=NOW) for i in range(2)
        ]
        plan = build_plan(INPUT, rules, cap_per_horizon=4)
        assert keys(plan) == ["sales0", "sales1", "ops0", "ops1"]

    def test_a_full_horizon_does_not_stop_the_others(self):
        rules = [rule(f"now{i}", horizon=NOW) for i in range(5)] + [
            rule("later", dimension="ops", horizon=MONTHS_6)
        ]
        plan = build_plan(INPUT, rules, cap_per_horizon=2)
        assert keys(plan) == ["now0", "now1", "later"]

    def test_a_cap_of_one(self):
        rules = [rule(f"{h}{i}", horizon=h) for h in HORIZONS for i in range(2)]
        plan = build_plan(INPUT, rules, cap_per_horizon=1)
        assert keys(plan) == ["now0", "30d0", "90d0", "6m0"]  # printed by horizon

    def test_the_default_cap_is_four_per_horizon(self):
        rules = [rule(f"r{i}", horizon=NOW) for i in range(6)]
        assert keys(build_plan(INPUT, rules)) == ["r0", "r1", "r2", "r3"]

    def test_the_total_is_capped_keeping_the_first_in_order(self):
        rules = [rule(f"r{i}", horizon=h) for i, h in enumerate(HORIZONS * 2)]
        plan = build_plan(INPUT, rules, max_actions=3)
        assert keys(plan) == ["r0", "r1", "r2"]

    def test_the_default_total_is_twelve(self):
        # 4 horizons x 5 rules, 4 a horizon: 16 could go in, 12 do.
        rules = [rule(f"{h}{i}", horizon=h) for h in HORIZONS for i in range(5)]
        plan = build_plan(INPUT, rules)
        assert len(plan) == 12
        # All equally urgent: places go by key (so "now…" loses out), printed by horizon.
        assert keys(plan) == [f"{h}{i}" for h in (DAYS_30, DAYS_90, MONTHS_6) for i in range(4)]

    def test_fewer_actions_than_the_caps(self):
        plan = build_plan(INPUT, [rule("a"), rule("b", horizon=NOW)], max_actions=2)
        assert keys(plan) == ["b", "a"]


class TestRuleSelection:
    def test_no_rules_no_plan(self):
        assert build_plan(INPUT, []) == []

    def test_rules_that_do_not_match_are_skipped_not_the_end(self):
        rules = [
            rule("wrong_kind", org_kinds=frozenset({"enterprise"})),
            rule("fits"),
            rule("out_of_band", score_min=50),
            rule("fits_too", dimension="ops"),
        ]
        assert keys(build_plan(INPUT, rules)) == ["fits", "fits_too"]

    def test_the_same_rule_is_chosen_once_as_first_given(self):
        rules = [
            rule("r", horizon=DAYS_90),
            rule("other"),
            rule("r", horizon=NOW, quick_win=True),
        ]
        plan = build_plan(INPUT, rules)
        assert keys(plan) == ["other", "r"]
        assert plan[1].horizon == DAYS_90

    def test_a_rule_that_did_not_match_may_match_under_a_later_definition(self):
        rules = [rule("r", sectors=frozenset({"retail"})), rule("r", horizon=NOW)]
        (action,) = build_plan(INPUT, rules)
        assert (action.rule, action.horizon) == ("r", NOW)


class TestScoreBands:
    @pytest.mark.parametrize(
        ("score_min", "score_max", "score", "expected"),
        [
            (None, None, 20.0, True),  # no band: any score
            (20, None, 20.0, True),  # the lower bound is included
            (20, None, 19.99, False),
            (20, None, 100.0, True),  # no upper bound
            (50, None, 20.0, False),
            (None, 20, 20.0, False),  # the upper bound is excluded ...
            (None, 20, 19.99, True),
            (None, 20, 0.0, True),  # no lower bound
            (None, 50, 80.0, False),
            (30, 50, 20.0, False),  # below a two-sided band
            (30, 50, 40.0, True),
            (30, 50, 50.0, False),
            (85, 100, 100.0, True),  # ... except at 100: a perfect score is in the top band
            (85, 100, 99.99, True),
            (85, 100, 84.99, False),
            (None, 100, 100.0, True),
            (None, 99.5, 99.5, False),
            (None, 99.5, 99.49, True),
            (0, 0, 0.0, False),  # an empty band
        ],
    )
    def test_band(self, score_min, score_max, score, expected):
        plan_input = PlanInput({"sales": score}, {"sales": 1.0})
        assert matches(rule("r", score_min=score_min, score_max=score_max), plan_input) is expected

    @pytest.mark.parametrize(
        ("score_min", "score_max", "expected"),
        [(None, None, True), (0, None, False), (None, 100, False), (0, 100, False)],
    )
    def test_a_dimension_without_score_matches_only_rules_without_band(
        self, score_min, score_max, expected
    ):
        people = rule("r", dimension="people", score_min=score_min, score_max=score_max)
        assert matches(people, INPUT) is expected

    def test_a_dimension_the_assessment_does_not_have_matches_nothing(self):
        assert not matches(rule("r", dimension="finance"), INPUT)
        assert build_plan(INPUT, [rule("r", dimension="finance")]) == []


class TestChoiceConditions:
    @pytest.mark.parametrize(
        ("conditions", "expected"),
        [
            ((), True),  # no condition
            ((("shop", {"none"}),), True),
            ((("shop", {"big", "none"}),), True),  # any of the listed choices
            ((("shop", {"big"}),), False),
            ((("apps", {"facebook"}),), True),  # answers may be tuples
            ((("apps", {"tiktok"}),), False),
            ((("missing", {"none"}),), False),  # question not answered
            ((("books", {"3"}),), False),  # a scale answer has no choices
            ((("note", {"n", "o", "e", "none"}),), False),  # nor a bare string
            ((("shop", {"big"}), ("apps", {"zalo"})), True),  # any condition will do
            ((("missing", {"x"}), ("shop", {"big"})), False),
        ],
    )
    def test_choice_conditions(self, conditions, expected):
        choices = tuple(ChoiceCondition(q, frozenset(c)) for q, c in conditions)
        assert matches(rule("r", choices=choices), INPUT) is expected

    def test_score_band_and_choices_must_both_hold(self):
        shop = (ChoiceCondition("shop", frozenset({"none"})),)
        assert matches(rule("a", score_max=50, choices=shop), INPUT)
        assert not matches(rule("b", score_min=50, choices=shop), INPUT)
        assert not matches(
            rule("c", score_max=50, choices=(ChoiceCondition("shop", frozenset({"big"})),)),
            INPUT,
        )


class TestOrganisation:
    @pytest.mark.parametrize(
        ("org_kinds", "sectors", "expected"),
        [
            ((), (), True),  # for everyone
            (("cooperative",), (), True),
            (("enterprise", "cooperative"), (), True),
            (("enterprise",), (), False),
            ((), ("agriculture",), True),
            ((), ("retail", "agriculture"), True),
            ((), ("retail",), False),
            (("cooperative",), ("agriculture",), True),
            (("cooperative",), ("retail",), False),
            (("enterprise",), ("agriculture",), False),
        ],
    )
    def test_kind_and_sector(self, org_kinds, sectors, expected):
        restricted = rule("r", org_kinds=frozenset(org_kinds), sectors=frozenset(sectors))
        assert matches(restricted, INPUT) is expected

    def test_unknown_kind_or_sector_matches_only_unrestricted_rules(self):
        anonymous = PlanInput({"sales": 20.0}, {"sales": 1.0})
        assert matches(rule("a"), anonymous)
        assert not matches(rule("b", org_kinds=frozenset({"cooperative"})), anonymous)
        assert not matches(rule("c", sectors=frozenset({"agriculture"})), anonymous)
