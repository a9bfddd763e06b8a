"""The local government's kind and name come from the settings, never from the words of
templates, catalogues or data: a centrally governed city is never called a "tỉnh"."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from django.core.management import call_command
from django.test import Client

from wagtail.models import Page, Site

from cms.locality import Locality, site_locality
from cms.models import SupportCenterSettings
from cms.vocabulary import LocalityKind
from recommendations.models import ActionPlan
from recommendations.tasks import render_plan
from tests.assessment.test_flow import answer_every_step, start

pytestmark = pytest.mark.django_db

PROVINCE_WORDS = re.compile(r"\btỉnh\b|\bprovinc", re.IGNORECASE)


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", admin_password="demo-pass-123", stdout=io.StringIO())


def visible_text(html: str) -> str:
    """The page as a reader sees it: without tags, scripts and styles, NFC-normalised."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return unicodedata.normalize("NFC", re.sub(r"<[^>]+>", " ", html))


def public_pages(client: Client) -> dict[str, str]:
    """Every live page of the seeded site and the assessment's public pages, by URL."""
    urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    for language in ("vi", "en"):
        urls += [
            f"/{language}/assessment/",
            f"/{language}/assessment/how-we-score/",
            f"/{language}/search/?q=thue",
        ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def run_the_flow(client: Client) -> tuple[dict[str, str], ActionPlan]:
    """Answer the whole questionnaire, submit, and return every page seen and the plan."""
    assessment = start(client)
    pages = {
        f"step {number}": html
        for number, html in enumerate(answer_every_step(client, assessment, "cooperative"))
    }
    check_url = f"/vi/assessment/{assessment.token}/check/"
    pages[check_url] = client.get(check_url).content.decode()
    response = client.post(f"/vi/assessment/{assessment.token}/submit/")
    assert response.status_code == 302
    results = client.get(response["Location"])
    pages[response["Location"]] = results.content.decode()
    return pages, ActionPlan.objects.get(assessment=assessment)


def test_no_public_page_nor_the_plan_calls_the_city_a_province(seeded, client):
    assert site_locality() == Locality(kind=LocalityKind.CITY, name="Cần Thơ")

    pages = public_pages(client)
    flow, plan = run_the_flow(client)
    pages.update(flow)

    assert len(pages) > 30
    offending = {
        url: PROVINCE_WORDS.findall(visible_text(html))
        for url, html in pages.items()
        if PROVINCE_WORDS.search(visible_text(html))
    }
    assert offending == {}
    footer = visible_text(pages["/vi/"])
    assert "Trung tâm Hỗ trợ doanh nghiệp thành phố Cần Thơ" in re.sub(r"\s+", " ", footer)

    pdf_text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_plan(plan))).pages
    )
    assert "Hợp tác xã" in pdf_text or "HTX" in pdf_text
    assert PROVINCE_WORDS.findall(pdf_text) == []


def test_a_province_is_named_as_one_in_both_languages(seeded, client):
    settings = SupportCenterSettings.for_site(Site.objects.get(is_default_site=True))
    settings.locality_kind = LocalityKind.PROVINCE
    settings.locality_name = "An Giang"
    settings.save()

    vi = re.sub(
        r"\s+", " ", visible_text(client.get("/vi/assessment/how-we-score/").content.decode())
    )
    en = re.sub(
        r"\s+", " ", visible_text(client.get("/en/assessment/how-we-score/").content.decode())
    )

    assert "Trung tâm Hỗ trợ doanh nghiệp tỉnh An Giang" in vi
    assert "tối đa là toàn tỉnh" in vi
    assert "Business Support Centre, An Giang Province" in en
    assert "up to the whole province" in en
