"""The active rules are kept in each process under the rules' version: a submit reads one
row instead of six tables, and any write to the rules, however it is made, is seen on the
next plan."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import RecommendationRule, RuleLink, RulesVersion
from recommendations.services import active_rules, choose_actions

from .conftest import submitted_assessment

pytestmark = pytest.mark.django_db


def chosen(questionnaire) -> list[str]:
    return [action["rule"] for action in choose_actions(submitted_assessment(questionnaire))]


def test_kept_rules_cost_one_query(rules):
    active_rules()

    with CaptureQueriesContext(connection) as queries:
        again = active_rules()

    assert len(queries) == 1, [q["sql"] for q in queries]
    assert {rule.key for rule in again} == {rule.key for rule in rules}


def test_a_queryset_update_is_seen_on_the_next_plan(questionnaire, rules):
    assert "ec_open_shop" in chosen(questionnaire)  # kept from here on

    RecommendationRule.objects.filter(key="ec_open_shop").update(active=False)

    assert "ec_open_shop" not in chosen(questionnaire)


def test_a_raw_sql_change_to_a_link_is_seen_on_the_next_plan(questionnaire, rules):
    choose_actions(submitted_assessment(questionnaire))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recommendations_rulelink SET url = %s", ["https://shopee.vn/cua-hang"]
        )

    first = choose_actions(submitted_assessment(questionnaire))[0]

    assert first["links"][0]["url"] == "https://shopee.vn/cua-hang"


def test_a_new_and_a_deleted_rule_are_seen(questionnaire, rules):
    from .factories import make_rule

    chosen(questionnaire)
    make_rule("pay_new", "payments", score_min=0, score_max=100, horizon="30d")
    RuleLink.objects.all().delete()
    RecommendationRule.objects.filter(key="ec_low").delete()

    now = chosen(questionnaire)

    assert "pay_new" in now
    assert "ec_low" not in now


def test_without_the_version_row_the_rules_are_still_right(questionnaire, rules):
    # A test database flush empties the row; it is made again with a fresh value.
    chosen(questionnaire)
    RulesVersion.objects.all().delete()
    RecommendationRule.objects.filter(key="pay_any").update(active=False)

    assert "pay_any" not in chosen(questionnaire)
    assert RulesVersion.objects.count() == 1


def test_a_published_guidance_title_is_seen_on_the_next_plan(questionnaire, rules):
    from recommendations.models import RuleGuidancePage
    from tests.cms.factories import GuidancePageFactory

    page = GuidancePageFactory(title="Mở gian hàng")
    RuleGuidancePage.objects.create(rule=rules[0], page=page)
    assert choose_actions(submitted_assessment(questionnaire))[0]["guidance_pages"][0]["title"][
        "vi"
    ] == ("Mở gian hàng")

    page.title = "Mở gian hàng trên sàn"
    page.save_revision().publish()

    first = choose_actions(submitted_assessment(questionnaire))[0]
    assert first["guidance_pages"][0]["title"]["vi"] == "Mở gian hàng trên sàn"


def test_a_second_plan_reads_only_the_version_and_the_targets(questionnaire, rules):
    choose_actions(submitted_assessment(questionnaire))
    assessment = submitted_assessment(questionnaire)

    with CaptureQueriesContext(connection) as queries:
        choose_actions(assessment)

    tables = sorted(q["sql"].split('FROM "')[1].split('"')[0] for q in queries)
    assert tables == ["assessment_dimensiontarget", "recommendations_rulesversion"]


def test_each_plan_gets_its_own_copy_of_a_kept_action(questionnaire, rules):
    first = choose_actions(submitted_assessment(questionnaire))[0]
    title, links = dict(first["title"]), list(first["links"])
    first["title"]["vi"] = "đã sửa"
    first["links"].clear()

    again = choose_actions(submitted_assessment(questionnaire))[0]

    assert again["rule"] == first["rule"]
    assert again["title"] == title
    assert again["links"] == links
