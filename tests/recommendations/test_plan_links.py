"""Every link and QR code of a plan PDF points at the site's public address (PORTAL_BASE_URL)
and, for each action, at the guidance page chosen for its rule."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from wagtail.models import Locale

from recommendations.adapter import plan_document
from recommendations.models import RuleGuidancePage
from recommendations.pdf import render_plan_pdf
from recommendations.pdf.qr import qr_modules
from recommendations.plans import latest_plan, plan_actions
from recommendations.services import request_plan
from tests.cms.conftest import translate
from tests.cms.factories import (
    GuidanceIndexPageFactory,
    GuidancePageFactory,
    TopicFactory,
    vietnamese_home,
)

from .conftest import submitted_assessment
from .test_pdf import qr_matrices

pytestmark = pytest.mark.django_db

PUBLIC = "https://dtt.example.gov.vn"


def pdf_uris(pdf: bytes) -> list[str]:
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def guidance_topics(db):
    index = GuidanceIndexPageFactory(parent=vietnamese_home(), slug="huong-dan")
    TopicFactory(slug="ban-hang-truc-tuyen", dimension_key="ecommerce")
    TopicFactory(slug="thanh-toan", dimension_key="payments")
    return index


def test_a_plan_rendered_for_a_public_address_links_only_to_it(
    settings, questionnaire, rules, guidance_topics
):
    settings.PORTAL_BASE_URL = PUBLIC
    assessment = submitted_assessment(questionnaire)
    plan = latest_plan(assessment)

    pdf = render_plan_pdf(plan_document(plan))

    # The rules' own links go to national platforms (here shopee.vn); every other link is ours.
    external = {link.url for rule in rules for link in rule.links.all()}
    ours = [uri for uri in pdf_uris(pdf) if uri not in external]
    assert len(ours) >= 1 + len(plan.actions)  # the results page, and each action's guidance
    assert {urlsplit(uri).netloc for uri in ours if uri.startswith("http")} == {
        "dtt.example.gov.vn"
    }
    hosts_in_text = set(re.findall(r"https?://([^/\s]+)", pdf_text(pdf)))
    assert hosts_in_text - {urlsplit(url).netloc for url in external} == {"dtt.example.gov.vn"}


# --------------------------------------------------------------------------- exact guidance


@pytest.fixture
def guides(guidance_topics, rules):
    """ec_open_shop → a page with an English translation; pay_any → a Vietnamese-only page;
    ec_low → an unpublished page (so the topic list); the others → none."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    shop = GuidancePageFactory(parent=guidance_topics, slug="mo-gian-hang", title="Mở gian hàng")
    translate(shop, english, title="Opening a shop", slug="opening-a-shop")
    qr_page = GuidancePageFactory(parent=guidance_topics, slug="ma-qr", title="Nhận tiền qua QR")
    draft = GuidancePageFactory(parent=guidance_topics, slug="ban-nhap", live=False)
    by_key = {rule.key: rule for rule in rules}
    RuleGuidancePage.objects.create(rule=by_key["ec_open_shop"], page=shop)
    RuleGuidancePage.objects.create(rule=by_key["pay_any"], page=qr_page)
    RuleGuidancePage.objects.create(rule=by_key["ec_low"], page=draft)
    return {
        "vi": {
            "ec_open_shop": f"{PUBLIC}/vi/huong-dan/mo-gian-hang/",
            "pay_any": f"{PUBLIC}/vi/huong-dan/ma-qr/",
            "ec_low": f"{PUBLIC}/vi/huong-dan/?topic=ban-hang-truc-tuyen",
        },
        "en": {
            "ec_open_shop": f"{PUBLIC}/en/huong-dan/opening-a-shop/",
            "pay_any": f"{PUBLIC}/vi/huong-dan/ma-qr/",  # no English page: the Vietnamese one
            "ec_low": f"{PUBLIC}/en/huong-dan/?topic=ban-hang-truc-tuyen",
        },
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_qr_code_opens_the_guidance_page_chosen_for_its_rule(
    settings, questionnaire, guides, language
):
    settings.PORTAL_BASE_URL = PUBLIC
    assessment = submitted_assessment(questionnaire)
    plan = request_plan(assessment, language)
    expected = [guides[language][a.rule] for a in plan_actions(plan)]

    pdf = render_plan_pdf(plan_document(plan))

    assert [a.rule for a in plan_actions(plan)] == ["ec_open_shop", "pay_any", "ec_low"]
    # Each painted module grid is exactly the code of the expected address, in plan order.
    assert qr_matrices(pdf) == [qr_modules(url) for url in expected]
    assert set(expected) <= set(pdf_uris(pdf))


def test_an_english_plan_says_when_the_guide_is_only_in_vietnamese(settings, questionnaire, guides):
    settings.PORTAL_BASE_URL = PUBLIC
    plan = request_plan(submitted_assessment(questionnaire), "en")

    text = re.sub(r"\s+", " ", pdf_text(render_plan_pdf(plan_document(plan))))

    assert "Guidance: Opening a shop" in text
    assert (
        "Guidance: Nhận tiền qua QR (This guide is available in Vietnamese only for now.)" in text
    )


def test_staff_see_which_rules_point_to_an_unpublished_page(admin_client, guides, rules):
    html = admin_client.get("/admin/snippets/recommendations/recommendationrule/").content.decode()

    rows = {key: next(r for r in html.split("<tr") if key in r) for key in ("ec_low", "pay_any")}
    assert "Chưa xuất bản: Hướng dẫn" in rows["ec_low"]
    assert "Đã xuất bản" in rows["pay_any"]
    assert "Chưa xuất bản" not in rows["pay_any"]


# --------------------------------------------------------------------------- honest level text


def test_level_text_is_typical_not_a_finding_and_not_an_official_rating(
    client, questionnaire, rules
):
    assessment = submitted_assessment(questionnaire)

    text = re.sub(r"\s+", " ", pdf_text(render_plan_pdf(plan_document(latest_plan(assessment)))))
    results = client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()
    start = client.get("/vi/assessment/").content.decode()

    assert "không phải xếp hạng chính thức" in text
    assert "không phải xếp hạng chính thức" in results
    assert "không phải là xếp hạng chính thức" in start
    assert "thang quốc gia" not in start
