"""An advisor starts, fills in and submits an assessment with an organisation: only in the
wards they cover, seeing only what they assisted, named on the results."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from assessment.models import AdministrativeUnit, Assessment, ClaimCode, Organisation
from tests.assessment.factories import OrganisationFactory, SectorFactory
from tests.assessment.test_flow import profile_data

from .conftest import PHONG_DIEN, fill_and_submit, make_advisor, make_user, start_new

pytestmark = pytest.mark.django_db

CENTER_GROUP = "Trung tâm hỗ trợ doanh nghiệp"


def test_an_assisted_assessment_is_marked_and_names_the_advisor(advisor, advisor_client):
    assessment = start_new(advisor_client)
    assert assessment.mode == Assessment.Mode.ASSISTED
    assert assessment.assisted_by == advisor.user
    html = fill_and_submit(advisor_client, assessment)
    assert "Thực hiện cùng tư vấn viên Nguyễn Văn An (Tổ công nghệ số cộng đồng Phong Điền)" in html
    assert "Mã nhận bài đánh giá cho đơn vị" in html
    assessment.refresh_from_db()
    assert assessment.is_submitted
    assert ClaimCode.objects.filter(assessment=assessment).count() == 1


def test_a_self_assessment_gets_no_advisor_line_and_no_code(client, default_questionnaire):
    response = client.post("/vi/assessment/")
    assessment = Assessment.objects.get(token=response["Location"].split("/")[3])
    html = fill_and_submit(client, assessment)
    assert "tư vấn viên" not in html
    assert not ClaimCode.objects.exists()


def test_the_ward_list_holds_only_the_wards_the_advisor_covers(advisor_client):
    assessment = start_new(advisor_client)
    html = advisor_client.get(f"/vi/assessment/{assessment.token}/profile/").content.decode()
    assert "Phong Điền" in html
    assert "Phường Ninh Kiều" not in html
    assert "Chỉ gồm các phường, xã do tư vấn viên phụ trách." in html


def test_a_ward_outside_the_advisor_units_is_refused_and_nothing_is_saved(advisor_client):
    assessment = start_new(advisor_client)
    other = AdministrativeUnit.objects.get(code="CT-P-NINHKIEU")
    response = advisor_client.post(
        f"/vi/assessment/{assessment.token}/profile/",
        profile_data(administrative_unit=str(other.pk)),
    )
    assert response.status_code == 400
    message = "Hãy chọn một trong các phường, xã do tư vấn viên phụ trách."
    assert message in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.organisation is None
    assert not Organisation.objects.exists()


def test_an_advisor_without_wards_is_told_and_cannot_start(default_questionnaire):
    lonely = make_advisor("moi@team.vn", "Lê Thị Mới", "Tổ mới")
    client = Client()
    client.force_login(lonely.user)
    page = client.get("/vi/advisor/start/").content.decode()
    assert "Bạn chưa được giao phụ trách phường, xã nào" in page
    response = client.post("/vi/advisor/start/", {"organisation": "new"})
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_an_organisation_assisted_before_starts_with_its_profile_filled_in(
    advisor, advisor_client, default_questionnaire
):
    earlier = start_new(advisor_client)
    fill_and_submit(advisor_client, earlier, name="HTX Rau Phong Điền")
    organisation = Organisation.objects.get(name="HTX Rau Phong Điền")
    page = advisor_client.get("/vi/advisor/start/").content.decode()
    assert "HTX Rau Phong Điền" in page
    response = advisor_client.post("/vi/advisor/start/", {"organisation": str(organisation.pk)})
    again = Assessment.objects.get(token=response["Location"].split("/")[3])
    assert again.organisation == organisation
    assert again.mode == Assessment.Mode.ASSISTED
    profile = advisor_client.get(response["Location"]).content.decode()
    assert 'value="HTX Rau Phong Điền"' in profile


def test_an_organisation_the_advisor_never_assisted_cannot_be_picked(advisor_client):
    stranger = OrganisationFactory(
        administrative_unit=AdministrativeUnit.objects.get(code=PHONG_DIEN),
        sector=SectorFactory(),
    )
    response = advisor_client.post("/vi/advisor/start/", {"organisation": str(stranger.pk)})
    assert response.status_code == 400
    assert "Hãy chọn một đơn vị trong danh sách" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_advisor_sees_only_what_they_assisted(advisor, advisor_client, submitted):
    mine, _code = submitted
    other = make_advisor("binh@team.vn", "Trần Văn Bình", "Tổ Cái Răng", PHONG_DIEN)
    other_client = Client()
    other_client.force_login(other.user)
    theirs = start_new(other_client)
    fill_and_submit(other_client, theirs, name="Cơ sở của người khác")

    home = advisor_client.get("/vi/advisor/").content.decode()
    assert "HTX &lt;Rau sạch&gt;" in home
    assert "Cơ sở của người khác" not in home
    base = f"/vi/advisor/assessments/{theirs.pk}/"
    assert advisor_client.get(base).status_code == 404
    assert advisor_client.post(base + "code/renew/").status_code == 404
    assert advisor_client.post(base + "code/withdraw/").status_code == 404
    assert ClaimCode.objects.get(assessment=theirs).is_live
    assert advisor_client.get(f"/vi/advisor/assessments/{mine.pk}/").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/vi/advisor/", "/vi/advisor/start/", "/vi/advisor/assessments/1/"],
)
def test_a_user_who_is_not_an_advisor_gets_403(client, db, path):
    client.force_login(make_user("chu@htx.vn"))
    assert client.get(path).status_code == 403


def test_the_ward_aggregates_hide_groups_under_five(advisor, advisor_client, default_questionnaire):
    phong_dien = AdministrativeUnit.objects.get(code=PHONG_DIEN)
    ninh_kieu = AdministrativeUnit.objects.get(code="CT-P-NINHKIEU")
    advisor.units.add(ninh_kieu)
    keys = list(
        default_questionnaire.dimensions.order_by("sort_order", "pk").values_list("key", flat=True)
    )
    later = timezone.now() + timedelta(hours=1)

    def submitted_in(unit, score, consent=True):
        Assessment.objects.create(
            questionnaire=default_questionnaire,
            organisation=OrganisationFactory(administrative_unit=unit, sector=SectorFactory()),
            status=Assessment.Status.SUBMITTED,
            submitted_at=later,
            consent_statistics=consent,
            dimension_scores=dict.fromkeys(keys, score),
        )

    for score in (10, 20, 30, 40, 50):  # mean 30.0
        submitted_in(phong_dien, score)
    submitted_in(phong_dien, 100, consent=False)  # declined statistics: not counted
    for score in (90, 90, 90):
        submitted_in(ninh_kieu, score)
    html = advisor_client.get("/vi/advisor/").content.decode()
    wards = {
        name: html.split(f">{name}</h3>", 1)[1].split("</section>", 1)[0]
        for name in (phong_dien.name, ninh_kieu.name)
    }
    assert '<strong class="ward-count">5</strong>' in wards[phong_dien.name]
    assert wards[phong_dien.name].count("<td>30,0</td>") == len(keys)
    assert '<strong class="ward-count">&lt; 5</strong>' in wards[ninh_kieu.name]
    assert "90" not in wards[ninh_kieu.name]


def test_the_centre_staff_group_may_manage_advisors(db):
    group = Group.objects.get(name=CENTER_GROUP)
    codenames = set(
        group.permissions.filter(content_type__app_label="assessment").values_list(
            "codename", flat=True
        )
    )
    assert {"add_advisor", "change_advisor", "view_advisor"} <= codenames


def test_centre_staff_add_an_advisor_in_the_admin(client, default_questionnaire):
    from tests.two_factor import sign_in_with_code

    staff = make_user("canbo@trungtam.vn", "Cán Bộ")
    staff.is_staff = True
    staff.save()
    staff.groups.add(Group.objects.get(name=CENTER_GROUP))
    sign_in_with_code(client, staff)
    person = make_user("to.cns@phongdien.vn", "Phạm Thị Cúc")
    form = client.get("/admin/snippets/assessment/advisor/add/")
    assert form.status_code == 200
    assert "phường, xã phụ trách" in form.content.decode().lower()
    unit = AdministrativeUnit.objects.get(code=PHONG_DIEN)
    response = client.post(
        "/admin/snippets/assessment/advisor/add/",
        {"user": person.pk, "team": "Tổ Phong Điền", "units": [unit.pk], "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    advisor = person.advisor
    assert list(advisor.units.all()) == [unit]
    assert advisor.team == "Tổ Phong Điền"
