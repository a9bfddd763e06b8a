"""The default rule set gives every possible result of the default questionnaire a plan."""

from __future__ import annotations

import pytest

from assessment.demo import ensure_default_questionnaire
from assessment.structure import load_structure
from recommendations.models import RecommendationRule
from recommendations.planning import PlanInput, build_plan
from recommendations.services import active_rules, import_rules, rule_spec

pytestmark = pytest.mark.django_db

LEVEL_SCORES = [0, 5, 10, 29.9, 30, 49.9, 50, 69.9, 70, 84.9, 85, 99.9, 100]


@pytest.fixture
def specs():
    ensure_default_questionnaire()
    import_rules()
    return [rule_spec(rule) for rule in active_rules()]


def test_import_is_idempotent_and_keeps_staff_edits(specs):
    count = RecommendationRule.objects.count()
    RecommendationRule.objects.filter(pk=RecommendationRule.objects.first().pk).update(
        title_vi="Sửa bởi cán bộ"
    )

    assert import_rules() == 0
    assert RecommendationRule.objects.count() == count
    assert RecommendationRule.objects.filter(title_vi="Sửa bởi cán bộ").count() == 1


@pytest.mark.parametrize("kind", ["enterprise", "cooperative", "coop_group", "household"])
def test_every_dimension_at_every_level_gets_an_action(specs, kind):
    structure = load_structure(ensure_default_questionnaire())
    weights = {d.key: float(d.weight) for d in structure.dimensions}
    for dimension in weights:
        for score in LEVEL_SCORES:
            plan_input = PlanInput(
                dimension_scores={dimension: score}, dimension_weights=weights, org_kind=kind
            )
            plan = build_plan(plan_input, specs)
            assert plan, f"no action for {dimension} at {score} ({kind})"
            assert {a.dimension for a in plan} == {dimension}


def test_a_weak_result_gets_a_full_capped_plan(specs):
    structure = load_structure(ensure_default_questionnaire())
    weights = {d.key: float(d.weight) for d in structure.dimensions}
    plan_input = PlanInput(
        dimension_scores=dict.fromkeys(weights, 10.0),
        dimension_weights=weights,
        answers={"ec_sells_online": ["not_yet"]},
        org_kind="cooperative",
        sector="agriculture",
    )

    plan = build_plan(plan_input, specs)

    assert 8 <= len(plan) <= 12
    assert len({a.rule for a in plan}) == len(plan)
    quick = [a.quick_win for a in plan]
    assert quick == sorted(quick, reverse=True)
