"""Rules imported from the data file carry a review only when rule_reviews.yaml says so;
every other rule is listed in Reports → Content to review."""

from __future__ import annotations

import datetime
import re

import pytest
import yaml

from django.urls import reverse

from recommendations.models import RecommendationRule
from recommendations.services import (
    DEFAULT_REVIEWS_FILE,
    DEFAULT_RULES_FILE,
    import_rules,
    load_rule_reviews,
)

pytestmark = pytest.mark.django_db


def test_every_reviewed_rule_exists_and_cites_its_finding():
    reviews = load_rule_reviews()
    keys = {r["key"] for r in yaml.safe_load(DEFAULT_RULES_FILE.read_text("utf-8"))["rules"]}

    assert reviews and set(reviews) <= keys
    for review in reviews.values():
        assert isinstance(review["reviewed_on"], datetime.date)
        assert review["reviewed_by"]
        assert re.match(r"E\d+: ", review["note"])


def test_only_listed_rules_are_reviewed_and_the_report_lists_exactly_the_others(admin_client):
    import_rules()
    reviews = load_rule_reviews()

    reviewed = RecommendationRule.objects.filter(reviewed_on__isnull=False)
    assert {r.key for r in reviewed} == set(reviews)
    rule = reviewed.get(key="pay_start_einvoice")
    assert rule.reviewed_on == datetime.date(2026, 11, 30)
    assert rule.review_note.startswith("E8: ")

    html = admin_client.get(reverse("cms_staleness_report")).content.decode()
    listed = set(re.findall(r">([a-z_]+): ", html))
    unreviewed = set(RecommendationRule.objects.values_list("key", flat=True)) - set(reviews)
    assert listed == unreviewed


def test_without_a_reviews_file_every_rule_is_due(tmp_path):
    import_rules(reviews_path=tmp_path / "none.yaml")
    assert not RecommendationRule.objects.filter(reviewed_on__isnull=False).exists()


def test_a_later_import_records_a_listed_review_but_keeps_a_staff_review(tmp_path):
    import_rules(reviews_path=None)
    RecommendationRule.objects.filter(key="ps_get_org_eid").update(
        reviewed_on=datetime.date(2026, 12, 1), reviewed_by="Chị Lan"
    )

    import_rules(DEFAULT_RULES_FILE, DEFAULT_REVIEWS_FILE)

    staff = RecommendationRule.objects.get(key="ps_get_org_eid")
    assert (staff.reviewed_on, staff.reviewed_by) == (datetime.date(2026, 12, 1), "Chị Lan")
    assert RecommendationRule.objects.get(key="pay_start_einvoice").reviewed_on is not None
