"""Staff maintain the questionnaire in the Wagtail admin without a developer."""

from __future__ import annotations

import pytest

from django.contrib.auth import get_user_model

from assessment.models import Question, Questionnaire
from tests.assessment.factories import build_questionnaire
from tests.two_factor import sign_in_with_code

pytestmark = pytest.mark.django_db

SHAPE = [("sales", 1, [{"key": "online", "type": "tristate"}])]


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-123456")
    sign_in_with_code(client, user)  # superusers pass the second step (tests/two_factor.py)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/assessment/questionnaire/",
        "/admin/snippets/assessment/question/",
        "/admin/snippets/assessment/administrativeunit/",
        "/admin/snippets/assessment/sector/",
        "/admin/snippets/assessment/assessment/",
        "/admin/questionnaire-versions/",
    ],
)
def test_staff_screens_open(staff_client, url):
    build_questionnaire(SHAPE)

    assert staff_client.get(url).status_code == 200


def test_question_edit_screen_opens(staff_client):
    build_questionnaire(SHAPE)
    question = Question.objects.get(key="online")

    response = staff_client.get(f"/admin/snippets/assessment/question/edit/{question.pk}/")

    assert response.status_code == 200


def test_copy_then_publish_a_new_version(staff_client):
    v1 = build_questionnaire(SHAPE)

    staff_client.post(f"/admin/questionnaire-versions/{v1.pk}/copy/")
    v2 = Questionnaire.objects.get(version=v1.version + 1)
    assert v2.status == "draft"
    response = staff_client.post(f"/admin/questionnaire-versions/{v2.pk}/publish/", follow=True)

    assert response.status_code == 200
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == ("retired", "published")


def test_an_invalid_draft_is_not_published_and_says_why(staff_client):
    draft = build_questionnaire([("empty", 1, [])], publish=False)

    response = staff_client.post(f"/admin/questionnaire-versions/{draft.pk}/publish/", follow=True)

    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "empty" in response.content.decode()


def test_a_published_question_cannot_be_edited(staff_client):
    build_questionnaire(SHAPE)
    question = Question.objects.get(key="online")
    url = f"/admin/snippets/assessment/question/edit/{question.pk}/"
    form = staff_client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, (list, dict))
    }

    management = {
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    response = staff_client.post(
        url, {**data, **management, "text_vi": "Đã sửa", "dimension": question.dimension_id}
    )

    assert "không thể sửa" in response.content.decode()  # the admin speaks Vietnamese
    question.refresh_from_db()
    assert question.text_vi != "Đã sửa"


def test_a_draft_question_can_be_edited(staff_client):
    build_questionnaire(SHAPE, publish=False)
    question = Question.objects.get(key="online")
    url = f"/admin/snippets/assessment/question/edit/{question.pk}/"
    data = {
        "dimension": question.dimension_id,
        "key": "online",
        "type": "tristate",
        "text_vi": "Đơn vị có bán hàng trực tuyến không?",
        "text_en": "Do you sell online?",
        "weight": "1",
        "required": "on",
        "sort_order": "0",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    question.refresh_from_db()
    assert question.text_vi == "Đơn vị có bán hàng trực tuyến không?"


def test_non_staff_cannot_publish(client):
    draft = build_questionnaire(SHAPE, publish=False)
    user = get_user_model().objects.create_user("someone", "s@example.com", "pw-123456")
    client.force_login(user)

    client.post(f"/admin/questionnaire-versions/{draft.pk}/publish/")

    draft.refresh_from_db()
    assert draft.status == "draft"
