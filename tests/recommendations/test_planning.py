"""Plan building: which rules match, in what order, with no duplicates and capped horizons."""

from __future__ import annotations

from recommendations.planning import ChoiceCondition, PlanInput, RuleSpec, build_plan, matches

INPUT = PlanInput(
    dimension_scores={"sales": 20.0, "ops": 80.0, "people": None},
    dimension_weights={"sales": 1.2, "ops": 1.0, "people": 1.0},
    answers={"shop": ["none"], "books": 3},
    org_kind="cooperative",
    sector="agriculture",
)


def rule(key: str, **kwargs) -> RuleSpec:
    kwargs.setdefault("dimension", "sales")
    kwargs.setdefault("horizon", "30d")
    return RuleSpec(key=key, **kwargs)


class TestMatching:
    def test_score_band_is_inclusive_below_and_exclusive_above(self):
        assert matches(rule("a", score_min=20, score_max=30), INPUT)
        assert not matches(rule("b", score_min=0, score_max=20), INPUT)

    def test_a_band_ending_at_100_includes_a_perfect_score(self):
        perfect = PlanInput({"sales": 100.0}, {"sales": 1})
        assert matches(rule("a", score_min=85, score_max=100), perfect)

    def test_answer_condition_matches_any_listed_choice(self):
        assert matches(
            rule("a", choices=(ChoiceCondition("shop", frozenset({"none", "x"})),)), INPUT
        )
        assert not matches(rule("b", choices=(ChoiceCondition("shop", frozenset({"big"})),)), INPUT)

    def test_organisation_kind_and_sector(self):
        assert matches(rule("a", org_kinds=frozenset({"cooperative"})), INPUT)
        assert not matches(rule("b", org_kinds=frozenset({"enterprise"})), INPUT)
        assert not matches(rule("c", sectors=frozenset({"retail"})), INPUT)

    def test_a_dimension_without_score_matches_no_score_band(self):
        assert not matches(rule("a", dimension="people", score_min=0, score_max=100), INPUT)

    def test_all_conditions_must_hold(self):
        both = rule(
            "a",
            score_min=0,
            score_max=50,
            choices=(ChoiceCondition("shop", frozenset({"big"})),),
        )
        assert not matches(both, INPUT)


def test_quick_wins_first_then_gap_times_weight():
    rules = [
        rule("ops_improve", dimension="ops", score_min=0, score_max=100, priority=1),
        rule("sales_improve", dimension="sales", score_min=0, score_max=100, priority=3),
        rule("ops_quick", dimension="ops", quick_win=True, horizon="now"),
    ]

    plan = build_plan(INPUT, rules)

    # sales: gap 80 x 1.2 = 96 beats ops: gap 20 x 1.0 = 20, whatever the priority.
    assert [a.rule for a in plan] == ["ops_quick", "sales_improve", "ops_improve"]


def test_no_duplicates_and_a_cap_per_horizon():
    rules = [rule(f"r{i}", horizon="now") for i in range(6)] + [rule("r0", horizon="6m")]

    plan = build_plan(INPUT, rules, cap_per_horizon=4)

    assert [a.rule for a in plan] == ["r0", "r1", "r2", "r3"]


def test_total_is_capped():
    rules = [rule(f"r{i}", horizon=h) for i, h in enumerate(["now", "30d", "90d", "6m"] * 4)]

    assert len(build_plan(INPUT, rules, max_actions=12)) == 12
