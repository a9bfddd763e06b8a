"""The self-assessment flow through the test client, as an anonymous respondent would use it."""

from __future__ import annotations

import re

import pytest

from django.test import Client
from django.utils.html import escape

from assessment.demo import ensure_default_questionnaire, seed_reference_data
from assessment.models import AdministrativeUnit, Answer, Assessment, Questionnaire, Sector
from assessment.snapshot import Snapshot
from assessment.structure import choice_options, error_message, load_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_questionnaire() -> Questionnaire:
    seed_reference_data()
    return ensure_default_questionnaire()


def start(client: Client, language: str = "vi") -> Assessment:
    response = client.post(f"/{language}/assessment/")
    assert response.status_code == 302
    token = response["Location"].split("/")[3]
    return Assessment.objects.get(token=token)


def profile_data(kind: str = "enterprise", **extra) -> dict[str, str]:
    data = {
        "name": 'HTX <Rau sạch> & "Sạch"',
        "kind": kind,
        "sector": str(Sector.objects.get(key="agriculture").pk),
        "administrative_unit": str(AdministrativeUnit.objects.get(code="CT-X-PHONGDIEN").pk),
        "staff_count": "3",
        "revenue_band": "up_to_3bn",
        "consent_statistics": "on",
    }
    if kind in ("cooperative", "coop_group"):
        data["member_count"] = "27"
    data.update(extra)
    return data


def best_answers(step_html: str, questionnaire: Questionnaire) -> dict[str, object]:
    """For every question shown on a step, the highest-scoring answer."""
    questions = {q.key: q for q in load_structure(questionnaire).questions}
    data: dict[str, object] = {}
    for key in dict.fromkeys(re.findall(r'name="q-([a-z0-9_]+)"', step_html)):
        question = questions[key]
        options = [k for k, _label in choice_options(question)]
        if question.type == "multi":
            data[f"q-{key}"] = [c.key for c in question.choices.all() if c.score > 0]
        elif question.type == "single":
            data[f"q-{key}"] = max(question.choices.all(), key=lambda c: c.score).key
        else:
            data[f"q-{key}"] = options[-1]
    return data


def is_checked(html: str, field: str, value: str) -> bool:
    """Whether the input ``field`` = ``value`` is rendered checked."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{field}"' in tag and f'value="{value}"' in tag:
            return re.search(r"\bchecked\b", tag) is not None
    raise AssertionError(f"no input {field}={value}")


def test_anonymous_respondent_completes_the_default_questionnaire(client, default_questionnaire):
    assessment = start(client)
    response = client.get(f"/vi/assessment/{assessment.token}/profile/")
    assert "Bước 1/10" in response.content.decode()

    response = client.post(
        f"/vi/assessment/{assessment.token}/profile/", profile_data("cooperative")
    )
    assert response.status_code == 302
    next_url = response["Location"]
    steps = 0
    while "/step/" in next_url:
        page = client.get(next_url)
        assert page.status_code == 200
        response = client.post(next_url, best_answers(page.content.decode(), default_questionnaire))
        assert response.status_code == 302, response.content.decode()[:2000]
        next_url = response["Location"]
        steps += 1
    assert steps == 8
    check = client.get(next_url)
    assert check.status_code == 200
    assert "<h1>Kiểm tra câu trả lời trước khi gửi</h1>" in check.content.decode()
    response = client.post(f"/vi/assessment/{assessment.token}/submit/")
    assert response.status_code == 302

    results = client.get(response["Location"])
    html = results.content.decode()
    assessment.refresh_from_db()
    assert assessment.is_submitted
    assert float(assessment.overall_score) == 100.0
    assert assessment.level == 5
    assert "<svg" in html
    assert "HTX &lt;Rau sạch&gt; &amp; &quot;Sạch&quot;" in html
    # Co-op-only questions were asked of a co-operative, and answered with the best choice.
    assert Snapshot.of(assessment).answers()["op_coop_member_records"] == ["software_member_access"]


def answer_every_step(client: Client, assessment: Assessment, kind: str) -> list[str]:
    """Fill in the profile for ``kind``, then answer each step in order (as a respondent
    would, with the best answers); the HTML of every step page that was rendered."""
    response = client.post(f"/vi/assessment/{assessment.token}/profile/", profile_data(kind))
    assert response.status_code == 302
    next_url = response["Location"]
    pages = []
    while "/step/" in next_url:
        page = client.get(next_url)
        assert page.status_code == 200, next_url
        html = page.content.decode()
        pages.append(html)
        response = client.post(next_url, best_answers(html, assessment.questionnaire))
        assert response.status_code == 302, response.content.decode()[:2000]
        next_url = response["Location"]
    assert next_url.endswith(f"/vi/assessment/{assessment.token}/check/")
    return pages


@pytest.mark.parametrize(
    ("kind", "asked"), [("enterprise", False), ("cooperative", True), ("coop_group", True)]
)
def test_cooperative_questions_are_asked_only_of_cooperatives(
    client, default_questionnaire, kind, asked
):
    operations = next(
        d for d in load_structure(default_questionnaire).dimensions if d.key == "operations"
    )
    assessment = start(client)

    pages = answer_every_step(client, assessment, kind)

    # Every dimension was a rendered step, the operations one included.
    assert len(pages) == 8
    assert sum(f"<h1>{operations.name_vi}</h1>" in html for html in pages) == 1
    shown = any('name="q-op_coop_member_records"' in html for html in pages)
    assert shown is asked


def test_resume_link_works_in_a_new_session(client, default_questionnaire):
    assessment = start(client)
    client.post(f"/vi/assessment/{assessment.token}/profile/", profile_data())
    page = client.get(f"/vi/assessment/{assessment.token}/step/2/")
    saved = best_answers(page.content.decode(), default_questionnaire)
    client.post(f"/vi/assessment/{assessment.token}/step/2/", saved)

    other_device = Client()
    response = other_device.get(f"/vi/assessment/{assessment.token}/")

    assert response.status_code == 302
    assert response["Location"].endswith(f"/vi/assessment/{assessment.token}/step/3/")
    back = other_device.get(f"/vi/assessment/{assessment.token}/step/2/").content.decode()
    assert saved, "step 2 has questions"
    for field, value in saved.items():
        for choice in [value] if isinstance(value, str) else value:
            assert is_checked(back, field, choice), (field, choice)
    # Only the saved choices are checked.
    checked = re.findall(r"<input[^>]*\bchecked\b[^>]*>", back)
    assert len(checked) == sum(1 if isinstance(v, str) else len(v) for v in saved.values())


def test_missing_answers_keep_what_was_typed_and_list_errors(client, default_questionnaire):
    assessment = start(client)
    client.post(f"/vi/assessment/{assessment.token}/profile/", profile_data())
    page = client.get(f"/vi/assessment/{assessment.token}/step/2/").content.decode()
    answers = best_answers(page, default_questionnaire)
    first_key, first_value = next(iter(answers.items()))

    response = client.post(f"/vi/assessment/{assessment.token}/step/2/", {first_key: first_value})

    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html
    assert "Trả lời câu hỏi này để tiếp tục." not in html
    # Each unanswered question is listed by its own message.
    questions = {q.key: q for q in load_structure(default_questionnaire).questions}
    missing = [questions[key[2:]] for key in answers if key != first_key]
    assert missing
    for question in missing:
        if question.required and not question.condition_question_key:
            assert escape(error_message(question)) in html, question.key
    # The one answer given was kept.
    assert Answer.objects.filter(assessment=assessment).count() == 1


def test_profile_errors_are_in_vietnamese_and_change_nothing(client, default_questionnaire):
    assessment = start(client)

    response = client.post(
        f"/vi/assessment/{assessment.token}/profile/",
        profile_data(tax_code="12345", name=""),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nhập tên đơn vị." in html
    assert "10 chữ số" in html
    assessment.refresh_from_db()
    assert assessment.organisation is None


def test_profile_normalises_decomposed_vietnamese(client, default_questionnaire):
    import unicodedata

    assessment = start(client)
    nfd = unicodedata.normalize("NFD", "Hợp tác xã Thới Lai")
    client.post(f"/vi/assessment/{assessment.token}/profile/", profile_data(name=nfd))

    assessment.refresh_from_db()
    assert assessment.organisation.name == unicodedata.normalize("NFC", "Hợp tác xã Thới Lai")


def test_english_flow_uses_english_text(client, default_questionnaire):
    assessment = start(client, "en")
    client.post(f"/en/assessment/{assessment.token}/profile/", profile_data())
    html = client.get(f"/en/assessment/{assessment.token}/step/2/").content.decode()

    dimension = load_structure(default_questionnaire).dimensions[0]
    assert dimension.name_en in html
    assert "Step 2 of 10" in html


def test_how_we_score_page_lists_the_live_questionnaire(client, default_questionnaire):
    html = client.get("/vi/assessment/how-we-score/").content.decode()

    for dimension in load_structure(default_questionnaire).dimensions:
        assert dimension.name_vi in html


@pytest.mark.parametrize(
    ("sector", "staff", "revenue", "band"),
    [
        # Decree 80/2021, Art. 5: the caps depend on the sector group.
        ("agriculture", "10", "up_to_3bn", "micro"),
        ("agriculture", "10", "up_to_10bn", "small"),
        ("retail", "10", "up_to_10bn", "micro"),
        ("agriculture", "60", "up_to_50bn", "small"),
        ("retail", "60", "up_to_50bn", "medium"),
        ("retail", "101", "up_to_3bn", "large"),
        ("agriculture", "150", "up_to_200bn", "medium"),
        ("agriculture", "150", "up_to_300bn", "large"),
    ],
)
def test_the_size_band_follows_sector_staff_and_revenue(
    client, default_questionnaire, sector, staff, revenue, band
):
    assessment = start(client)
    data = profile_data(
        sector=str(Sector.objects.get(key=sector).pk), staff_count=staff, revenue_band=revenue
    )

    response = client.post(f"/vi/assessment/{assessment.token}/profile/", data)

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.organisation.size_band == band


def test_the_statistics_consent_is_unticked_until_the_respondent_ticks_it(
    client, default_questionnaire
):
    assessment = start(client)
    page = client.get(f"/vi/assessment/{assessment.token}/profile/").content.decode()
    box = re.search(r'<input[^>]*name="consent_statistics"[^>]*>', page).group(0)
    assert "checked" not in box

    data = profile_data()
    del data["consent_statistics"]
    client.post(f"/vi/assessment/{assessment.token}/profile/", data)
    assessment.refresh_from_db()
    assert assessment.consent_statistics is False

    client.post(f"/vi/assessment/{assessment.token}/profile/", profile_data())
    page = client.get(f"/vi/assessment/{assessment.token}/profile/").content.decode()
    box = re.search(r'<input[^>]*name="consent_statistics"[^>]*>', page).group(0)
    assert "checked" in box
