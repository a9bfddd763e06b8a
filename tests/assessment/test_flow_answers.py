"""Issue 12, the questionnaire flow: save-later always saves, each question's own error,
answers that cannot contradict, follow-ups revealed where they belong."""

from __future__ import annotations

import re

import pytest

from django.core import mail
from django.test import Client

from assessment.flow import Flow
from assessment.models import Answer, Assessment, Question, Questionnaire
from assessment.structure import error_message, load_structure
from tests.assessment.test_flow import best_answers, default_questionnaire, profile_data, start

pytestmark = pytest.mark.django_db
__all__ = ["default_questionnaire"]  # the fixture, imported for pytest


def started(client: Client, kind: str = "enterprise") -> Assessment:
    assessment = start(client)
    response = client.post(f"/vi/assessment/{assessment.token}/profile/", profile_data(kind))
    assert response.status_code == 302
    assessment.refresh_from_db()
    return assessment


def step_url(assessment: Assessment, number: int) -> str:
    return f"/vi/assessment/{assessment.token}/step/{number}/"


def stored(assessment: Assessment) -> list[tuple[str, object]]:
    return sorted(
        Answer.objects.filter(assessment=assessment).values_list("question__key", "value")
    )


def open_all_steps(assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(steps_done=20)
    assessment.refresh_from_db()


def test_save_and_finish_later_saves_a_half_done_step(client, default_questionnaire):
    assessment = started(client)
    page = client.get(step_url(assessment, 2)).content.decode()
    first_key, first_value = next(iter(best_answers(page, default_questionnaire).items()))

    response = client.post(
        step_url(assessment, 2), {first_key: first_value, "action": "save-and-exit"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/vi/assessment/{assessment.token}/saved/"
    assert [key for key, _value in stored(assessment)] == [first_key.removeprefix("q-")]
    assessment.refresh_from_db()
    assert assessment.steps_done == 0  # the step is not done: resuming comes back to it
    saved = client.get(response["Location"]).content.decode()
    assert 'id="resume-url"' in saved
    assert f"/vi/assessment/{assessment.token}/" in saved
    assert "chưa được trả lời" in saved
    resumed = client.get(f"/vi/assessment/{assessment.token}/")
    assert resumed["Location"] == step_url(assessment, 2)


def test_the_error_summary_names_each_question_and_links_to_it(client, default_questionnaire):
    assessment = started(client)
    flow = Flow.of(assessment)
    asked = [q for q in flow.questions_of(flow.dimensions[0]) if q.required and flow.is_asked(q)]

    response = client.post(step_url(assessment, 2), {"action": "continue"})

    html = response.content.decode()
    assert response.status_code == 400
    start_at = html.index('class="error-summary"')
    summary = html[start_at : html.index("</ul>", start_at)]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [text for _id, text in links] == [error_message(q) for q in asked]
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert all(target in ids for target, _text in links)
    described = {
        i for group in re.findall(r'aria-describedby="([^"]*)"', html) for i in group.split()
    }
    assert described <= ids, described - ids


def test_an_error_page_keeps_the_other_answers(client, default_questionnaire):
    assessment = started(client)
    page = client.get(step_url(assessment, 2)).content.decode()
    answers = best_answers(page, default_questionnaire)
    keys = list(answers)
    kept = {keys[0]: answers[keys[0]], keys[2]: answers[keys[2]]}

    html = client.post(step_url(assessment, 2), kept).content.decode()

    for name, value in kept.items():
        for one in [value] if isinstance(value, str) else value:
            tag = re.search(rf'<input[^>]*name="{name}"[^>]*value="{one}"[^>]*>', html)
            assert tag and "checked" in tag.group(0), (name, one)


def exclusive_choices(questionnaire: Questionnaire):
    for question in load_structure(questionnaire).questions:
        for choice in question.choices.all():
            if choice.exclusive:
                yield question, choice


def test_the_default_questionnaire_marks_its_none_choices_exclusive(default_questionnaire):
    marked = {(q.key, c.key) for q, c in exclusive_choices(default_questionnaire)}
    assert ("pay_cashless_methods", "cash_only") in marked
    assert len(marked) >= 5


def test_every_exclusive_choice_is_refused_with_another(client, default_questionnaire):
    assessment = started(client)
    open_all_steps(assessment)
    flow = Flow.of(assessment)
    step_of = {
        q.key: n for n, d in enumerate(flow.dimensions, start=2) for q in flow.questions_of(d)
    }
    checked = 0
    for question, choice in exclusive_choices(default_questionnaire):
        other = next(c for c in question.choices.all() if not c.exclusive)
        before = stored(assessment)

        response = client.post(
            step_url(assessment, step_of[question.key]),
            {f"q-{question.key}": [other.key, choice.key], "action": "continue"},
        )

        assert response.status_code == 400, question.key
        assert f"“{choice.label_vi}” không thể chọn cùng các câu trả lời khác" in (
            response.content.decode()
        ), question.key
        assert stored(assessment) == before
        checked += 1
    assert checked >= 5


def test_a_contradicting_answer_on_save_later_is_not_stored(client, default_questionnaire):
    assessment = started(client)
    open_all_steps(assessment)
    question, choice = next(
        (q, c)
        for q, c in exclusive_choices(default_questionnaire)
        if q.key == "ps_online_services_used"
    )
    other = next(c for c in question.choices.all() if not c.exclusive)

    response = client.post(
        step_url(assessment, 2),
        {f"q-{question.key}": [other.key, choice.key], "action": "save-and-exit"},
    )

    assert response.status_code == 302
    assert question.key not in dict(stored(assessment))
    assert "Chưa lưu" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        ["business_registration", "business_registration"],
        ["business_registration", "no_such_choice"],
        ["business_registration", "none"],
    ],
    ids=["repeated", "unknown", "none-with-others"],
)
def test_submit_sends_a_stored_answer_that_no_longer_validates_back_to_its_step(
    client, default_questionnaire, bad
):
    assessment = started(client)
    for number in range(2, Flow.of(assessment).total_steps):
        page = client.get(step_url(assessment, number)).content.decode()
        response = client.post(
            step_url(assessment, number), best_answers(page, default_questionnaire)
        )
        assert response.status_code == 302, number
    question = Question.objects.get(
        dimension__questionnaire=default_questionnaire, key="ps_online_services_used"
    )
    Answer.objects.filter(assessment=assessment, question=question).update(value=bad)

    response = client.post(f"/vi/assessment/{assessment.token}/submit/")

    assert response.status_code == 302
    assert response["Location"] == step_url(assessment, 2) + "?return=check"
    page = client.get(response["Location"]).content.decode()
    assert "Kiểm tra lại câu trả lời cho câu hỏi" in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_a_follow_up_on_the_same_step_appears_on_the_next_load_without_javascript(
    client, default_questionnaire
):
    assessment = started(client)
    open_all_steps(assessment)
    flow = Flow.of(assessment)
    number = next(
        n
        for n, d in enumerate(flow.dimensions, start=2)
        if any(q.key == "ec_channels" for q in flow.questions_of(d))
    )
    page = client.get(step_url(assessment, number)).content.decode()
    block = re.search(r'<div class="question"[^>]*id="question-ec_channels"[^>]*>', page).group(0)
    assert " hidden" in block
    answers = best_answers(page, default_questionnaire)
    del answers["q-ec_channels"]  # the page hid it; nobody answered it

    response = client.post(step_url(assessment, number), {**answers, "action": "continue"})

    assert response.status_code == 302
    assert response["Location"] == step_url(assessment, number)
    again = client.get(response["Location"]).content.decode()
    block = re.search(r'<div class="question"[^>]*id="question-ec_channels"[^>]*>', again).group(0)
    assert " hidden" not in block
    assert "câu hỏi tiếp theo" in again
    # Answered now, the step moves on.
    response = client.post(
        step_url(assessment, number),
        {**best_answers(again, default_questionnaire), "shown": "ec_channels"},
    )
    assert response["Location"] == step_url(assessment, number + 1)


def test_member_count_is_hidden_for_enterprises_and_shown_for_coops(client, default_questionnaire):
    assessment = started(client)
    html = client.get(f"/vi/assessment/{assessment.token}/profile/").content.decode()
    assert re.search(r'<div class="field"[^>]*data-depends-on="kind"[^>]*\bhidden>', html)
    coop = started(client, kind="cooperative")
    html = client.get(f"/vi/assessment/{coop.token}/profile/").content.decode()
    block = re.search(r'<div class="field"[^>]*data-depends-on="kind"[^>]*>', html).group(0)
    assert "hidden" not in block


def test_the_resume_link_can_be_sent_by_email_and_the_address_is_not_kept(
    client, default_questionnaire, settings
):
    assessment = started(client)
    url = f"/vi/assessment/{assessment.token}/saved/"

    response = client.post(url, {"email": "chu.htx@example.test"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["chu.htx@example.test"]
    assert f"/vi/assessment/{assessment.token}/" in mail.outbox[0].body
    assert "chu.htx@example.test" in client.get(url).content.decode()  # the message only
    assert "chu.htx@example.test" not in str(
        list(Assessment.objects.filter(pk=assessment.pk).values())
    )
    bad = client.post(url, {"email": "không phải địa chỉ"})
    assert bad.status_code == 400
    assert len(mail.outbox) == 1


def test_sending_the_resume_link_is_rate_limited(client, default_questionnaire, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resume-email": {"email": "2/h"}}
    assessment = started(client)
    url = f"/vi/assessment/{assessment.token}/saved/"
    codes = [client.post(url, {"email": "a@example.test"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2
