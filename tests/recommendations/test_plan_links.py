"""Every link and QR code of a plan PDF points at the site's public address (PORTAL_BASE_URL)
and, for each action, at the guidance page chosen for its rule."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from recommendations.adapter import plan_document
from recommendations.pdf import render_plan_pdf
from recommendations.plans import latest_plan
from tests.cms.factories import GuidanceIndexPageFactory, TopicFactory, vietnamese_home

from .conftest import submitted_assessment

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
