"""Typing in a paper form: page 1 the profile, one page per dimension, check, submit. The
same answers give the same stored answers and the same score as the self-assessment flow."""

from __future__ import annotations

import re
from html import unescape

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from assessment.answers import answers_of
from assessment.claimcodes import code_of, live_code
from assessment.models import AdministrativeUnit, Answer, Assessment, Organisation, Sector
from assessment.snapshot import Snapshot
from assessment.structure import error_message, load_structure

from .paper_fixtures import default_questionnaire, make_advisor, pdf_pages, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return default_questionnaire()


@pytest.fixture
def advisor(questionnaire):
    return make_advisor("to-cns@phongdien.vn", "CT-X-PHONGDIEN", "CT-P-NINHKIEU")


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor.user)
    return client


def profile_data(questionnaire, unit_code: str = "CT-X-PHONGDIEN", **extra) -> dict[str, str]:
    data = {
        "questionnaire": str(questionnaire.pk),
        "name": "HTX Nông nghiệp Phong Điền",
        "kind": "cooperative",
        "sector": str(Sector.objects.get(key="agriculture").pk),
        "administrative_unit": str(AdministrativeUnit.objects.get(code=unit_code).pk),
        "staff_count": "4",
        "revenue_band": "up_to_3bn",
        "member_count": "31",
        "consent_statistics": "on",
    }
    data.update(extra)
    return data


def paper_answers(questionnaire) -> dict[str, object]:
    """A full, varied set of answers, as ticked on one paper form: the second choice of
    one-answer questions, the first two of multiple-choice ones, level 3 on scales,
    "partly" on no/partly/yes, "not applicable" where the form has that box on a multiple
    choice... every question gets a mark, as a respondent with a pen would leave it."""
    data: dict[str, object] = {}
    for question in load_structure(questionnaire).questions:
        name = f"q-{question.key}"
        choices = [c.key for c in question.choices.all() if not c.exclusive]
        if question.type == "single":
            data[name] = choices[1]
        elif question.type == "multi":
            data[name] = choices[:2]
        elif question.type == "scale":
            data[name] = "3"
        else:
            data[name] = "partly"
    data["q-pl_land_procedures"] = "na"
    return data


def on_page(html: str, answers: dict[str, object]) -> dict[str, object]:
    names = set(re.findall(r'name="(q-[a-z0-9_]+)"', html))
    return {name: value for name, value in answers.items() if name in names}


def enter_on_paper(client: Client, questionnaire, answers) -> Assessment:
    response = client.post("/vi/advisor/paper/", profile_data(questionnaire))
    assert response.status_code == 302, response.content.decode()[:3000]
    url = response["Location"]
    assessment = Assessment.objects.get(mode=Assessment.Mode.PAPER)
    pages = 0
    while f"/advisor/paper/{assessment.pk}/" in url and not url.endswith("/check/"):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        response = client.post(url, on_page(html, answers))
        assert response.status_code == 302, response.content.decode()[:3000]
        url = response["Location"]
        pages += 1
    assert pages == 8
    check = client.get(url)
    assert check.status_code == 200
    assert "Kiểm tra câu trả lời trên phiếu giấy" in check.content.decode()
    response = client.post(f"/vi/advisor/paper/{assessment.pk}/submit/")
    assert response.status_code == 302
    assert response["Location"] == f"/vi/assessment/{assessment.token}/results/"
    assert client.get(response["Location"]).status_code == 200
    assessment.refresh_from_db()
    return assessment


def enter_by_self_flow(client: Client, questionnaire, answers) -> Assessment:
    response = client.post("/vi/assessment/")
    token = response["Location"].split("/")[3]
    data = profile_data(questionnaire)
    del data["questionnaire"]
    response = client.post(f"/vi/assessment/{token}/profile/", data)
    assert response.status_code == 302
    url = response["Location"]
    while "/step/" in url:
        html = client.get(url).content.decode()
        response = client.post(url, on_page(html, answers))
        assert response.status_code == 302, response.content.decode()[:3000]
        url = response["Location"]
    assert client.post(f"/vi/assessment/{token}/submit/").status_code == 302
    return Assessment.objects.get(token=token)


def test_a_full_paper_form_is_stored_and_scored_as_the_same_answers_in_the_self_flow(
    advisor_client, advisor, questionnaire
):
    answers = paper_answers(questionnaire)

    paper = enter_on_paper(advisor_client, questionnaire, answers)
    own = enter_by_self_flow(Client(), questionnaire, answers)

    assert paper.is_submitted and own.is_submitted
    assert paper.mode == Assessment.Mode.PAPER and own.mode == Assessment.Mode.SELF
    assert paper.assisted_by == advisor.user
    assert paper.questionnaire == questionnaire
    assert answers_of(paper) == answers_of(own)
    assert len(answers_of(paper)) >= 35
    assert paper.overall_score == own.overall_score
    assert paper.level == own.level
    assert paper.dimension_scores == own.dimension_scores
    assert 0 < paper.overall_score < 100
    assert Snapshot.of(paper).answers() == Snapshot.of(own).answers()
    # The plan is requested as for any submission, with the same actions.
    assert paper.action_plans.count() == 1
    assert paper.action_plans.get().actions == own.action_plans.get().actions


def test_the_entry_screen_numbers_questions_as_the_paper_does(advisor_client, questionnaire):
    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire, kind="enterprise"))
    assessment = Assessment.objects.get()
    html = advisor_client.get(f"/vi/advisor/paper/{assessment.pk}/5/").content.decode()

    assert "<h1>5. " in html
    assert "<strong>5.1</strong>" in html
    # Co-op questions are skipped for an enterprise, keeping the printed numbers.
    assert "<strong>5.7</strong>" in html and "bỏ qua" in html
    assert 'name="q-op_coop_member_records"' not in html
    assert html.count("autofocus") == 1


def test_a_missing_answer_is_reported_in_vietnamese_and_the_others_are_kept(
    advisor_client, questionnaire
):
    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))
    assessment = Assessment.objects.get()
    url = f"/vi/advisor/paper/{assessment.pk}/1/"
    page = advisor_client.get(url).content.decode()
    data = on_page(page, paper_answers(questionnaire))
    del data["q-ps_digital_signature"]

    response = advisor_client.post(url, data)

    assert response.status_code == 400
    html = response.content.decode()
    question = next(
        q for q in load_structure(questionnaire).questions if q.key == "ps_digital_signature"
    )
    assert error_message(question) in html or "Chọn câu trả lời" in html
    assert Answer.objects.filter(assessment=assessment, question__key="ps_org_eid").exists()
    assert re.search(r'<input[^>]*name="q-ps_org_eid"[^>]*checked', html)


def test_a_ward_the_advisor_does_not_cover_is_refused_and_nothing_is_created(
    advisor_client, questionnaire
):
    response = advisor_client.post(
        "/vi/advisor/paper/", profile_data(questionnaire, unit_code="CT-P-CAIKHE")
    )

    assert response.status_code == 400
    assert "Bạn không phụ trách phường, xã này" in response.content.decode()
    assert not Organisation.objects.exists()
    assert not Assessment.objects.exists()


def test_someone_who_is_not_an_advisor_gets_403(client, questionnaire):
    owner = get_user_model().objects.create_user(username="o@htx.vn", password="pw-123456")
    client.force_login(owner)

    assert client.get("/vi/advisor/paper/").status_code == 403
    assert client.post("/vi/advisor/paper/", profile_data(questionnaire)).status_code == 403
    assert not Assessment.objects.exists()


def test_another_advisor_gets_404_and_staff_may_reopen(advisor_client, questionnaire):
    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))
    assessment = Assessment.objects.get()
    other = Client()
    other.force_login(make_advisor("khac@team.vn", "CT-X-PHONGDIEN").user)

    for url in (
        f"/vi/advisor/paper/{assessment.pk}/",
        f"/vi/advisor/paper/{assessment.pk}/1/",
        f"/vi/advisor/paper/{assessment.pk}/check/",
    ):
        assert other.get(url).status_code == 404
    assert other.post(f"/vi/advisor/paper/{assessment.pk}/submit/").status_code == 404
    assert other.post(f"/vi/advisor/paper/{assessment.pk}/1/", {}).status_code == 404

    staff = Client()
    staff.force_login(
        get_user_model().objects.create_user(username="cb@ttht.vn", password="x", is_staff=True)
    )
    assert staff.get(f"/vi/advisor/paper/{assessment.pk}/1/").status_code == 200


def test_a_form_printed_from_an_earlier_version_is_typed_into_that_version(
    advisor_client, questionnaire
):
    from assessment.questionnaires import copy_to_new_draft, publish_questionnaire

    newer = publish_questionnaire(copy_to_new_draft(questionnaire))
    page = advisor_client.get("/vi/advisor/paper/").content.decode()
    assert re.search(rf'<option value="{newer.pk}" selected>', page)
    assert f"mã {questionnaire.pk}" in page

    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))

    assert Assessment.objects.get().questionnaire == questionnaire


def test_the_profile_is_corrected_from_the_check_page_and_the_version_stays(
    advisor_client, questionnaire
):
    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))
    assessment = Assessment.objects.get()
    url = f"/vi/advisor/paper/{assessment.pk}/profile/?return=check"
    assert 'name="questionnaire"' not in advisor_client.get(url).content.decode()

    wrong = profile_data(questionnaire, unit_code="CT-P-CAIKHE", name="Đổi tên")
    refused = advisor_client.post(url, wrong)
    assert refused.status_code == 400
    assert "Bạn không phụ trách phường, xã này" in refused.content.decode()
    assert Organisation.objects.get().name == "HTX Nông nghiệp Phong Điền"

    data = profile_data(questionnaire, kind="enterprise", unit_code="CT-P-NINHKIEU")
    del data["member_count"]
    response = advisor_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == f"/vi/advisor/paper/{assessment.pk}/check/"
    organisation = Organisation.objects.get()
    assert organisation.kind == "enterprise"
    assert organisation.administrative_unit.code == "CT-P-NINHKIEU"
    assessment.refresh_from_db()
    assert assessment.questionnaire == questionnaire


def test_a_follow_up_answered_without_its_condition_is_not_kept_and_the_advisor_is_told(
    advisor_client, questionnaire
):
    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))
    assessment = Assessment.objects.get()
    url = f"/vi/advisor/paper/{assessment.pk}/1/"
    data = on_page(advisor_client.get(url).content.decode(), paper_answers(questionnaire))
    data["q-ps_social_insurance"] = "na"  # 1.6 is asked only after a way of filing

    response = advisor_client.post(url, data, follow=True)

    assert "Không lưu câu trả lời của các câu 1.6" in response.content.decode()
    stored = answers_of(assessment)
    assert "ps_ehealth_insurance" not in stored
    assert stored["ps_org_eid"] == ["basic_only"]


def test_an_answer_to_a_question_of_another_page_is_refused_and_nothing_is_saved(
    advisor_client, questionnaire
):
    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))
    assessment = Assessment.objects.get()
    url = f"/vi/advisor/paper/{assessment.pk}/1/"
    data = on_page(advisor_client.get(url).content.decode(), paper_answers(questionnaire))
    data["q-st_plan"] = "yes"

    response = advisor_client.post(url, data)

    assert response.status_code == 400
    assert "Không có gì bị thay đổi." in response.content.decode()
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_the_entry_screen_speaks_english_under_en(advisor_client, questionnaire):
    html = advisor_client.get("/en/advisor/paper/").content.decode()

    assert "Type in a paper assessment" in html
    assert f"Version {questionnaire.version} · id {questionnaire.pk} (current)" in html


def test_every_question_of_the_entry_screen_is_on_the_paper_under_the_same_number(
    advisor_client, questionnaire
):
    response = advisor_client.get("/vi/advisor/paper-form.pdf")
    paper = " ".join(pdf_pages(b"".join(response.streaming_content)))
    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))
    assessment = Assessment.objects.get()

    seen = []
    for number in range(1, 9):
        html = advisor_client.get(f"/vi/advisor/paper/{assessment.pk}/{number}/").content.decode()
        for printed, text in re.findall(
            r"<legend><strong>(\d+\.\d+)</strong> (.*?)(?: <span|</legend>)", html
        ):
            assert printed.startswith(f"{number}.")
            assert f"{printed} {squash(unescape(text))}" in paper
            seen.append(printed)
    assert len(seen) == len(list(load_structure(questionnaire).questions))


def test_the_advisors_home_leads_to_the_paper_screens_and_back_to_a_half_typed_form(
    advisor_client, questionnaire
):
    home = advisor_client.get("/vi/advisor/").content.decode()
    assert 'href="/vi/advisor/paper-form.pdf"' in home
    assert 'href="/vi/advisor/paper/"' in home

    advisor_client.post("/vi/advisor/paper/", profile_data(questionnaire))
    draft = Assessment.objects.get(mode=Assessment.Mode.PAPER)
    home = advisor_client.get("/vi/advisor/").content.decode()
    assert f'href="/vi/advisor/paper/{draft.pk}/"' in home
    assert f'href="/vi/assessment/{draft.token}/"' not in home


def test_a_submitted_paper_form_gets_a_claim_code_for_the_organisation(
    advisor_client, questionnaire
):
    assessment = enter_on_paper(advisor_client, questionnaire, paper_answers(questionnaire))

    claim = live_code(assessment)
    assert claim is not None
    code = code_of(claim)
    page = advisor_client.get(f"/vi/advisor/assessments/{assessment.pk}/").content.decode()
    assert code in page
