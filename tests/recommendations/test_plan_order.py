"""One order, computed once by the plan builder: the results page, the PDF's table and
details and the dashboard checklist print it as given, and it obeys the stated rule."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from django.contrib.auth import get_user_model

from assessment.models import Membership
from recommendations.adapter import plan_document
from recommendations.labels import plan_labels
from recommendations.pdf import PlanAction, render_plan_pdf
from recommendations.pdf.sections import grouped
from recommendations.planning import HORIZONS, PlanInput, RuleSpec, build_plan
from recommendations.plans import latest_plan, plan_actions

from .conftest import submitted_assessment

# --------------------------------------------------------------------------- the stated rule


def obeys_the_stated_rule(printed) -> bool:
    """The rule as the PDF states it, checked pair by pair: by horizon (now → 6 months);
    within one, quick wins first, then the largest gap × weight, then priority, then key."""
    for a, b in itertools.pairwise(printed):
        ha, hb = HORIZONS.index(a.horizon), HORIZONS.index(b.horizon)
        if ha != hb:
            if ha > hb:
                return False
            continue
        if a.quick_win != b.quick_win:
            if not a.quick_win:
                return False
            continue
        if a.urgency != b.urgency:
            if a.urgency < b.urgency:
                return False
            continue
        if (a.priority, a.rule) > (b.priority, b.rule):
            return False
    return True


DIMENSIONS = ("sales", "ops", "people", "money")

rule_specs = st.builds(
    RuleSpec,
    key=st.text("abcdefgh", min_size=1, max_size=3),
    dimension=st.sampled_from(DIMENSIONS),
    horizon=st.sampled_from(HORIZONS),
    priority=st.integers(1, 3),
    quick_win=st.booleans(),
)
plan_inputs = st.builds(
    PlanInput,
    dimension_scores=st.fixed_dictionaries(
        {d: st.one_of(st.none(), st.floats(0, 100)) for d in DIMENSIONS}
    ),
    dimension_weights=st.fixed_dictionaries({d: st.floats(0.1, 3) for d in DIMENSIONS}),
    dimension_targets=st.dictionaries(st.sampled_from(DIMENSIONS), st.floats(0, 100)),
)


@settings(max_examples=300, deadline=None)
@given(plan_inputs, st.lists(rule_specs, max_size=25), st.integers(1, 5), st.integers(1, 14))
def test_every_generated_plan_prints_in_the_stated_order(plan_input, rules, cap, most):
    plan = build_plan(plan_input, rules, cap_per_horizon=cap, max_actions=most)

    # The PDF draws the document's actions through grouped(); titles stand for the rules.
    as_printed = {a.rule: a for a in plan}
    document_actions = [
        PlanAction(a.rule, "", a.dimension, a.horizon, "low", "free", a.quick_win, a.priority)
        for a in plan
    ]
    printed = [as_printed[p.title] for _, group in grouped(document_actions) for p in group]

    assert printed == plan
    assert obeys_the_stated_rule(printed)
    assert len({a.rule for a in plan}) == len(plan)


def test_the_checker_rejects_a_plan_out_of_order():
    # The check itself can fail: a quick win after a non-quick win in the same horizon.
    late = build_plan(
        PlanInput({"sales": 10.0}, {"sales": 1.0}),
        [RuleSpec("a", "sales", "now"), RuleSpec("b", "sales", "now", quick_win=True)],
    )
    assert obeys_the_stated_rule(late)
    assert not obeys_the_stated_rule(late[::-1])


# --------------------------------------------------------------------------- four views, one order


def order_in(text: str, titles: list[str]) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    found = sorted((flat.index(title), title) for title in titles if title in flat)
    return [title for _, title in found]


@pytest.mark.django_db
def test_results_page_pdf_table_pdf_details_and_dashboard_share_one_order(
    client, questionnaire, rules
):
    assessment = submitted_assessment(questionnaire)
    manager = get_user_model().objects.create_user("manager@example.vn", password="pw-123456")
    Membership.objects.create(user=manager, organisation=assessment.organisation)
    client.force_login(manager)
    plan = latest_plan(assessment)
    titles = [a.title("vi") for a in plan_actions(plan)]
    assert len(titles) >= 3
    assert len({a.horizon for a in plan_actions(plan)}) >= 3  # a real test of grouping

    results = client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()
    dashboard = client.get(
        f"/vi/dashboard/organisations/{assessment.organisation_id}/"
    ).content.decode()
    pdf = render_plan_pdf(plan_document(plan))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    labels = plan_labels("vi")
    after_heading = re.sub(r"\s+", " ", text).split(labels.actions_heading, 1)[1]
    table, details = after_heading.split(labels.details_heading, 1)

    results_list = results.split('class="plan-actions"', 1)[1]
    checklist = dashboard.split('class="checklist"', 1)[1]
    assert order_in(results_list, titles) == titles
    assert order_in(table, titles) == titles
    assert order_in(details, titles) == titles
    assert order_in(checklist, titles) == titles


@pytest.mark.django_db
def test_the_accessible_web_version_has_the_same_actions_in_the_same_order(
    client, questionnaire, rules
):
    assessment = submitted_assessment(questionnaire)
    plan = latest_plan(assessment)
    titles = [a.title("vi") for a in plan_actions(plan)]

    response = client.get(f"/vi/assessment/{assessment.token}/plan/{plan.pk}/")
    other = submitted_assessment(questionnaire)
    refused = client.get(f"/vi/assessment/{other.token}/plan/{plan.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert order_in(html.split('id="plan-actions-title"', 1)[1], titles) == titles
    assert "Chi phí ước tính" in html
    assert refused.status_code == 404
