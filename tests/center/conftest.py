"""A small, hand-computable fixture for the center's statistics.

Eight consenting organisations with one scored assessment each:
- six enterprises in Phường A (retail), overall 10, 20, 30, 40, 50, 60, submitted 10 March 2026;
- two co-operatives in Xã B (agriculture), overall 80 and 90, submitted 5 April 2026.
Dimension "a" equals the overall score, dimension "b" is 100 minus it.
The first enterprise also submitted once without consent (score 0): it is counted as
submitted and makes that organisation "returning", but never enters a score.
The first co-operative has a draft as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from django.contrib.auth.models import Group, Permission

from assessment.models import (
    ActionProgress,
    ActionStatus,
    AdministrativeUnit,
    Assessment,
    Organisation,
    Questionnaire,
    Sector,
    SupportRequest,
)
from cms.vocabulary import OrganisationKind
from portal.center import facts
from recommendations.models import ActionPlan
from tests.assessment.factories import build_questionnaire
from tests.recommendations.factories import make_rule

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CENTER_GROUP = "Trung tâm hỗ trợ doanh nghiệp"


def action(rule: str, dimension: str = "a") -> dict:
    """A plan action in its stored shape (as recommendations.services.choose_actions writes it)."""
    return {
        "rule": rule,
        "dimension": dimension,
        "title": {"vi": rule, "en": rule},
        "explanation": {"vi": "", "en": ""},
        "priority": 2,
        "horizon": "30d",
        "effort": "low",
        "cost": "free",
        "quick_win": False,
        "gap": 10.0,
        "links": [],
        "guidance_pages": [],
    }


def level_for(score: float) -> int:
    return max(
        level
        for level, low in [(0, 0), (1, 10), (2, 30), (3, 50), (4, 70), (5, 85)]
        if score >= low
    )


@dataclass
class Fixture:
    questionnaire: Questionnaire
    enterprises: list[Organisation]
    coops: list[Organisation]
    unit_a: AdministrativeUnit
    unit_b: AdministrativeUnit


def submit(questionnaire, organisation, score: float, when: datetime, consent: bool = True):
    assessment = Assessment.objects.create(
        questionnaire=questionnaire,
        organisation=organisation,
        status=Assessment.Status.SUBMITTED,
        consent_statistics=consent,
        submitted_at=when,
        overall_score=Decimal(str(score)),
        level=level_for(score),
        dimension_scores={"a": float(score), "b": float(100 - score)},
    )
    # Filled in over ten minutes (plausible), then saved as the flow does, which refreshes
    # the dashboard's copy.
    assessment.created_at = when - timedelta(minutes=10)
    assessment.save(update_fields=["created_at"])
    return assessment


@pytest.fixture
def small_city(db) -> Fixture:
    questionnaire = build_questionnaire([("a", 1, [{"key": "qa"}]), ("b", 1, [{"key": "qb"}])])
    retail = Sector.objects.create(key="retail", name_vi="Bán lẻ", name_en="Retail")
    agri = Sector.objects.create(key="agri", name_vi="Nông nghiệp", name_en="Agriculture")
    unit_a = AdministrativeUnit.objects.create(code="A", name="Phường A", province="Cần Thơ")
    unit_b = AdministrativeUnit.objects.create(code="B", name="Xã B", province="Cần Thơ")
    march = datetime(2026, 3, 10, 9, tzinfo=ZONE)
    april = datetime(2026, 4, 5, 9, tzinfo=ZONE)
    enterprises, coops = [], []
    for i, score in enumerate([10, 20, 30, 40, 50, 60]):
        org = Organisation.objects.create(
            name=f"Doanh nghiệp {i}",
            kind=OrganisationKind.ENTERPRISE,
            sector=retail,
            administrative_unit=unit_a,
            size_band="micro",
        )
        enterprises.append(org)
        submitted = submit(questionnaire, org, score, march)
        ActionPlan.objects.create(
            assessment=submitted,
            status=ActionPlan.Status.READY,
            actions=[action("a1"), *([action("a2", "b")] if i < 4 else [])],
        )
    for i, score in enumerate([80, 90]):
        org = Organisation.objects.create(
            name=f"Hợp tác xã {i}",
            kind=OrganisationKind.COOPERATIVE,
            sector=agri,
            administrative_unit=unit_b,
            size_band="small",
        )
        coops.append(org)
        submit(questionnaire, org, score, april)
    submit(questionnaire, enterprises[0], 0, datetime(2026, 2, 1, 9, tzinfo=ZONE), consent=False)
    Assessment.objects.create(questionnaire=questionnaire, organisation=coops[0])
    make_rule("a1", "a", title_vi="Đăng ký chữ ký số", title_en="Get a digital signature")
    make_rule("a2", "b", title_vi="Mở gian hàng", title_en="Open a shop")
    for org in enterprises[:5]:
        ActionProgress.objects.create(
            organisation=org, rule_key="a1", status=ActionStatus.DONE, done_on=march.date()
        )
    for org in [*enterprises[:5], coops[0]]:
        SupportRequest.objects.create(
            organisation=org,
            needs=["einvoice", "website"]
            if org.kind == OrganisationKind.ENTERPRISE
            else ["einvoice"],
            channel="phone",
            contact_name="Chị Lan",
        )
    facts.copy_pending()  # as beat does within seconds: the plans' actions counted
    return Fixture(questionnaire, enterprises, coops, unit_a, unit_b)


@pytest.fixture
def center_staff(db, django_user_model):
    user = django_user_model.objects.create_user("thu", "thu@example.vn", "mật-khẩu-dài-123")
    user.groups.add(Group.objects.get(name=CENTER_GROUP))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """Someone who can use the Wagtail admin but is not the center's statistics staff."""
    user = django_user_model.objects.create_user("bien", "bien@example.vn", "mật-khẩu-dài-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user
