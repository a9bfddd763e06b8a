"""A rule's link follows its ExternalLink record: the plan (results page, HTML plan, PDF)
prints the record's current title and address, and leaves out a broken or retired link."""

from __future__ import annotations

from unittest import mock

import pytest

from django.test import RequestFactory

from cms import linkcheck
from cms.demo import seed_sources
from cms.demo_data import load_demo_content
from cms.linkcheck import LinkStatus
from cms.provenance import ExternalLink, normalise_url
from recommendations.adapter import plan_document
from recommendations.models import RuleLink
from recommendations.pdf import render_plan_pdf
from recommendations.plans import latest_plan
from recommendations.services import import_rules, tie_rule_links
from recommendations.wagtail_hooks import plan_panel

from .conftest import submitted_assessment
from .test_plan_links import pdf_text, pdf_uris

pytestmark = pytest.mark.django_db


def test_addresses_are_compared_in_one_form():
    assert normalise_url("https://WWW.Shopee.vn/") == normalise_url("https://shopee.vn")
    assert normalise_url("https://a.vn/x/?q=1") == "https://a.vn/x?q=1"
    assert normalise_url("https://a.vn/x") != normalise_url("https://a.vn/y")


def test_the_importer_ties_each_rule_link_to_the_record_of_the_same_address():
    seed_sources(load_demo_content().sources)  # records end in "/", the rules' links do not

    import_rules()

    vneid = RuleLink.objects.get(rule__key="ps_get_org_eid", url="https://vneid.gov.vn")
    assert vneid.external_link == ExternalLink.objects.get(url="https://vneid.gov.vn/")
    tied = RuleLink.objects.filter(external_link__isnull=False).count()
    assert 0 < tied < RuleLink.objects.count()  # shopee.vn etc. have no record
    assert tie_rule_links() == 0  # nothing left to tie, nothing changed


@pytest.fixture
def shopee(rules):
    record = ExternalLink.objects.create(
        url="https://shopee.vn/", title="Shopee (bản ghi)", title_en="Shopee (record)"
    )
    assert tie_rule_links() == 1
    return record


def plan_links(plan) -> list[tuple[str, str]]:
    return [(link.title, link.url) for a in plan_document(plan).actions for link in a.links]


def results_panel(assessment) -> str:
    request = RequestFactory().get("/")
    return plan_panel(request, assessment)


def test_plans_print_the_records_current_title_and_address(questionnaire, shopee):
    assessment = submitted_assessment(questionnaire)
    plan = latest_plan(assessment)
    assert plan_links(plan) == [("Shopee (bản ghi)", "https://shopee.vn/")]

    # Staff edit the record after the plan was made: every view follows.
    shopee.title = "Sàn Shopee Việt Nam"
    shopee.url = "https://shopee.vn/seller"
    shopee.save()

    assert plan_links(plan) == [("Sàn Shopee Việt Nam", "https://shopee.vn/seller")]
    assert "https://shopee.vn/seller" in pdf_uris(render_plan_pdf(plan_document(plan)))
    panel = results_panel(assessment)
    assert 'href="https://shopee.vn/seller"' in panel
    assert "Sàn Shopee Việt Nam" in panel


def retire(link: ExternalLink) -> None:
    link.status = ExternalLink.Status.RETIRED
    link.save()


def mark_broken(link: ExternalLink) -> None:
    link.status = ExternalLink.Status.BROKEN
    link.save()


def checked(status: int | None):
    """The weekly link check, finding ``status`` (None: no answer) at every address."""

    def run(link: ExternalLink) -> None:
        with mock.patch.object(linkcheck, "check_url", return_value=LinkStatus(status)):
            linkcheck.check_links()

    return run


@pytest.mark.parametrize(
    "change",
    [retire, mark_broken, checked(404), checked(None)],
    ids=["retired", "marked-broken", "check-404", "check-no-answer"],
)
def test_a_broken_or_retired_link_is_not_printed(questionnaire, shopee, change):
    assessment = submitted_assessment(questionnaire)
    plan = latest_plan(assessment)
    assert plan_links(plan)  # positive control: printed while in use
    assert "shopee.vn" in results_panel(assessment)  # (and read into this process's memo)

    change(shopee)

    assert plan_links(plan) == []
    pdf = render_plan_pdf(plan_document(plan))
    assert "shopee" not in " ".join(pdf_uris(pdf)).lower()
    assert "shopee" not in pdf_text(pdf).lower()
    assert "shopee.vn" not in results_panel(assessment)


def test_a_link_that_answers_again_is_printed_again(questionnaire, shopee):
    assessment = submitted_assessment(questionnaire)
    plan = latest_plan(assessment)
    checked(503)(shopee)
    assert plan_links(plan) == []

    checked(200)(shopee)

    assert plan_links(plan) == [("Shopee (bản ghi)", "https://shopee.vn/")]


def test_a_link_without_a_record_is_printed_as_frozen(questionnaire, rules):
    assessment = submitted_assessment(questionnaire)
    assert plan_links(latest_plan(assessment)) == [("Sàn Shopee", "https://shopee.vn")]
