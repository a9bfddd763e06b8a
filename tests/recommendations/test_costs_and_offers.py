"""Indicative costs in VND and support offers next to the actions, on the results page and
in the PDF; expired offers and offers for other organisations never show."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import yaml
from pypdf import PdfReader

from django.utils import timezone

from cms.vocabulary import OrganisationKind
from recommendations.adapter import plan_document
from recommendations.models import RecommendationRule, SupportOffer
from recommendations.pdf import render_plan_pdf
from recommendations.plans import latest_plan
from recommendations.services import (
    DEFAULT_OFFERS_FILE,
    import_rules,
    import_support_offers,
)

from .conftest import submitted_assessment

pytestmark = pytest.mark.django_db


def offer(key: str, **kwargs) -> SupportOffer:
    kwargs.setdefault("provider", SupportOffer.Provider.CENTER)
    kwargs.setdefault("name_vi", f"Gói hỗ trợ {key}")
    return SupportOffer.objects.create(key=key, **kwargs)


@pytest.fixture
def offers(rules):
    today = timezone.localdate()
    shop = RecommendationRule.objects.get(key="ec_open_shop")
    shop.support_offers.add(
        offer("current", valid_until=today + datetime.timedelta(days=30), to_be_confirmed=False),
        offer("expired", valid_until=today - datetime.timedelta(days=1)),
        offer("coops", org_kinds=[OrganisationKind.COOPERATIVE]),
    )
    shop.save()  # a parental many-to-many is written when its rule is saved
    RecommendationRule.objects.filter(key="pay_any").update(
        cost="low",
        cost_min_vnd=1_000_000,
        cost_max_vnd=3_000_000,
        cost_confirmed=False,
        duration_vi="1 ngày",
        duration_confirmed=True,
    )
    RecommendationRule.objects.filter(key="ec_open_shop").update(
        cost_min_vnd=0, cost_max_vnd=0, cost_confirmed=True, duration_vi="1–2 tuần"
    )


def pdf_text(plan) -> str:
    pdf = render_plan_pdf(plan_document(plan))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_the_pdf_prints_costs_in_vnd_and_only_current_offers_for_this_organisation(
    questionnaire, offers
):
    plan = latest_plan(submitted_assessment(questionnaire, kind=OrganisationKind.ENTERPRISE))

    text = pdf_text(plan)

    # A usual time nobody checked yet says so; a checked one does not.
    assert (
        "Chi phí ước tính: Miễn phí · Thời gian thường cần: 1–2 tuần (chờ Trung tâm xác nhận)"
        in text
    )
    assert "Thời gian thường cần: 1 ngày " in text
    assert "1 ngày (chờ" not in text
    assert "1.000.000–3.000.000 đồng (chờ Trung tâm xác nhận)" in text
    assert "Gói hỗ trợ current" in text
    assert "Gói hỗ trợ expired" not in text
    assert "Gói hỗ trợ coops" not in text


def test_the_results_page_shows_the_same_costs_and_offers(client, questionnaire, offers):
    assessment = submitted_assessment(questionnaire, kind=OrganisationKind.COOPERATIVE)

    html = client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()

    assert "1.000.000–3.000.000 đồng (chờ Trung tâm xác nhận)" in html
    assert "Thời gian thường cần: 1–2 tuần (chờ Trung tâm xác nhận)" in html
    assert "Thời gian thường cần: 1 ngày</p>" in html
    assert "Gói hỗ trợ current" in html
    assert "Gói hỗ trợ coops" in html  # this one is a co-operative
    assert "Gói hỗ trợ expired" not in html


def test_demo_offers_are_all_marked_to_be_confirmed_and_linked_to_rules():
    import_rules()

    created = import_support_offers()

    data = yaml.safe_load(DEFAULT_OFFERS_FILE.read_text(encoding="utf-8"))
    assert created == len(data["offers"])
    assert all(item["to_be_confirmed"] for item in data["offers"])
    assert not SupportOffer.objects.filter(to_be_confirmed=False).exists()
    assert all(o.rules.exists() for o in SupportOffer.objects.all())
    assert import_support_offers() == 0  # idempotent


def test_default_rules_invent_no_amount():
    import_rules()

    priced = RecommendationRule.objects.exclude(cost="free")
    assert priced.exists()
    assert not priced.filter(cost_min_vnd__isnull=False).exists()
    assert not priced.filter(cost_confirmed=True).exists()


def test_an_offer_edited_or_deleted_shows_as_it_is_now_on_the_next_page(
    client, questionnaire, offers
):
    assessment = submitted_assessment(questionnaire, kind=OrganisationKind.COOPERATIVE)
    url = f"/vi/assessment/{assessment.token}/results/"
    assert "Gói hỗ trợ current" in client.get(url).content.decode()  # read once: remembered

    current = SupportOffer.objects.get(key="current")
    current.name_vi = "Gói hỗ trợ đã đổi tên"
    current.save()
    SupportOffer.objects.get(key="coops").delete()

    html = client.get(url).content.decode()
    assert "Gói hỗ trợ đã đổi tên" in html
    assert "Gói hỗ trợ current" not in html
    assert "Gói hỗ trợ coops" not in html
