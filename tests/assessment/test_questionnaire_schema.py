"""The data file's keys for exclusive choices, own error messages and own scale labels:
the importer reads them, validation refuses nonsense, new drafts and snapshots keep them."""

from __future__ import annotations

import copy

import pytest

from django.utils import translation

from assessment.answers import save_answers
from assessment.models import Assessment, Question
from assessment.questionnaires import (
    QuestionnaireInvalid,
    copy_to_new_draft,
    import_questionnaire,
    validate_questionnaire,
)
from assessment.snapshot import Snapshot
from assessment.structure import choice_options, error_message, load_structure
from assessment.submission import submit_assessment
from tests.assessment.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LABELS_VI = ["Chưa có", "Mới nghe nói", "Đang thử", "Một phần", "Thường xuyên", "Đầy đủ, cập nhật"]
LABELS_EN = ["None", "Heard of it", "Trying", "Partly", "Regularly", "Complete and current"]

DATA = {
    "key": "schema",
    "title": {"vi": "Thử", "en": "Test"},
    "levels": [
        {"level": 0, "min": 0, "name": {"vi": "Mức 0", "en": "Level 0"}},
        {"level": 1, "min": 50, "name": {"vi": "Mức 1", "en": "Level 1"}},
    ],
    "dimensions": [
        {
            "key": "pay",
            "name": {"vi": "Thanh toán", "en": "Payments"},
            "questions": [
                {
                    "key": "pay_methods",
                    "type": "multi",
                    "text": {"vi": "Khách trả tiền bằng cách nào?", "en": "How do they pay?"},
                    "error": {
                        "vi": "Chọn cách khách trả tiền",
                        "en": "Choose how customers pay",
                    },
                    "choices": [
                        {"key": "qr", "score": 1, "label": {"vi": "Mã QR", "en": "QR code"}},
                        {"key": "card", "score": 1, "label": {"vi": "Thẻ", "en": "Card"}},
                        {
                            "key": "cash_only",
                            "score": 0,
                            "exclusive": True,
                            "label": {"vi": "Chỉ nhận tiền mặt", "en": "Cash only"},
                        },
                    ],
                },
                {
                    "key": "pay_info",
                    "type": "scale",
                    "text": {
                        "vi": "Thông tin của đơn vị trên mạng đầy đủ và được cập nhật ở mức nào?",
                        "en": "How complete and current is your information online?",
                    },
                    "scale_labels": {"vi": LABELS_VI, "en": LABELS_EN},
                },
                {
                    "key": "pay_plain",
                    "type": "scale",
                    "text": {"vi": "Sổ sách?", "en": "Books?"},
                },
            ],
        }
    ],
}


def data(**changes) -> dict:
    result = copy.deepcopy(DATA)
    questions = result["dimensions"][0]["questions"]
    for key, change in changes.items():
        change(next(q for q in questions if q["key"] == key))
    return result


def test_the_importer_reads_exclusive_error_and_scale_labels():
    questionnaire = import_questionnaire(data())
    methods = Question.objects.get(dimension__questionnaire=questionnaire, key="pay_methods")
    assert {c.key: c.exclusive for c in methods.choices.all()} == {
        "qr": False,
        "card": False,
        "cash_only": True,
    }
    assert (methods.error_vi, methods.error_en) == (
        "Chọn cách khách trả tiền",
        "Choose how customers pay",
    )
    info = Question.objects.get(dimension__questionnaire=questionnaire, key="pay_info")
    assert info.own_scale_labels("vi") == LABELS_VI
    assert info.own_scale_labels("en") == LABELS_EN
    assert choice_options(info, "vi")[2] == ("2", "2 – Đang thử")
    plain = Question.objects.get(dimension__questionnaire=questionnaire, key="pay_plain")
    assert plain.own_scale_labels("vi") is None
    assert choice_options(plain, "vi")[2] == ("2", "2 – Thử nghiệm")


def test_own_error_message_or_one_made_from_the_question():
    questionnaire = import_questionnaire(data())
    by_key = {q.key: q for q in Question.objects.filter(dimension__questionnaire=questionnaire)}
    with translation.override("vi"):
        assert error_message(by_key["pay_methods"]) == "Chọn cách khách trả tiền"
        made = error_message(by_key["pay_info"])
    assert made == (
        "Chọn một câu trả lời cho câu hỏi “Thông tin của đơn vị trên mạng đầy đủ và được "
        "cập nhật ở mức nào”."
    )
    long = Question(
        type="single",
        text_vi="Đơn vị tìm thông tin về quy hoạch, đất đai và các dự án mời gọi đầu tư của "
        "thành phố bằng cách nào?",
    )
    with translation.override("vi"):
        assert error_message(long) == (
            "Chọn một câu trả lời cho câu hỏi “Đơn vị tìm thông tin về quy hoạch, đất đai và "
            "các dự án mời gọi đầu tư…”."
        )
    with translation.override("en"):
        assert error_message(by_key["pay_methods"]) == "Choose how customers pay"


@pytest.mark.parametrize(
    "labels",
    [
        LABELS_VI[:5],
        [*LABELS_VI, "thừa"],
        [*LABELS_VI[:5], ""],
        [*LABELS_VI[:5], "hai\ndòng"],
        "Chưa có, Đang thử",
    ],
)
def test_the_importer_refuses_a_malformed_scale_label_list(labels):
    def set_labels(q):
        q["scale_labels"] = {"vi": labels}

    with pytest.raises(QuestionnaireInvalid):
        import_questionnaire(data(pay_info=set_labels))


@translation.override("en")
def test_validation_refuses_scale_labels_on_another_type_and_exclusive_on_single():
    questionnaire = import_questionnaire(data(), publish=False)
    methods = Question.objects.get(dimension__questionnaire=questionnaire, key="pay_methods")
    assert validate_questionnaire(questionnaire) == []
    methods.scale_labels_vi = "\n".join(LABELS_VI)
    methods.save()
    assert any("scale" in p for p in validate_questionnaire(questionnaire))
    methods.scale_labels_vi = ""
    methods.type = "single"
    methods.save()
    assert any("multiple-choice" in p for p in validate_questionnaire(questionnaire))


def test_a_new_draft_and_the_snapshot_keep_them():
    questionnaire = import_questionnaire(data())
    draft = copy_to_new_draft(questionnaire)
    methods = Question.objects.get(dimension__questionnaire=draft, key="pay_methods")
    info = Question.objects.get(dimension__questionnaire=draft, key="pay_info")
    assert methods.error_vi == "Chọn cách khách trả tiền"
    assert [c.key for c in methods.choices.all() if c.exclusive] == ["cash_only"]
    assert info.own_scale_labels("vi") == LABELS_VI

    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    structure = load_structure(questionnaire)
    save_answers(
        assessment, structure.questions, {"pay_methods": ["qr"], "pay_info": 2, "pay_plain": 1}
    )
    submit_assessment(assessment, structure)
    assessment.refresh_from_db()
    snapshot = Snapshot.of(assessment)
    assert snapshot.scale_labels("pay_info", "vi") == LABELS_VI
    assert snapshot.scale_labels("pay_plain", "vi") is None
    dimensions = assessment.snapshot["dimensions"]
    labels = {q["key"]: q["labels"]["vi"] for d in dimensions for q in d["questions"]}
    assert labels["pay_info"] == ["2 – Đang thử"]
    # A snapshot made before per-question labels still reads.
    for d in assessment.snapshot["dimensions"]:
        for q in d["questions"]:
            q.pop("scale_labels", None)
    old = Snapshot(assessment.snapshot)
    assert old.scale_labels("pay_info", "vi") is None
    assert old.rescore().overall == snapshot.rescore().overall


ADMIN_SHAPE = [("ops", 1, [{"key": "books", "type": "scale"}])]


@pytest.fixture
def staff_client(client):
    from django.contrib.auth import get_user_model

    from tests.two_factor import sign_in_with_code

    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-123456")
    sign_in_with_code(client, user)  # superusers pass the second step before /admin/
    return client


def admin_post(staff_client, question, **fields):
    data = {
        "dimension": question.dimension_id,
        "key": question.key,
        "type": question.type,
        "text_vi": "Sổ sách?",
        "text_en": "Books?",
        "weight": "1",
        "required": "on",
        "sort_order": "0",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        **fields,
    }
    return staff_client.post(f"/admin/snippets/assessment/question/edit/{question.pk}/", data)


def test_staff_edit_the_error_message_and_scale_labels(staff_client):
    from tests.assessment.factories import build_questionnaire

    build_questionnaire(ADMIN_SHAPE, publish=False)
    question = Question.objects.get(key="books")
    page = staff_client.get(f"/admin/snippets/assessment/question/edit/{question.pk}/")
    html = page.content.decode()
    assert 'name="error_vi"' in html
    assert 'name="scale_labels_vi"' in html

    refused = admin_post(staff_client, question, scale_labels_vi="Một\nHai")
    assert refused.status_code == 200
    question.refresh_from_db()
    assert question.scale_labels_vi == ""

    response = admin_post(
        staff_client,
        question,
        error_vi="Chọn mức ghi chép sổ sách",
        scale_labels_vi="\n".join(LABELS_VI),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.error_vi == "Chọn mức ghi chép sổ sách"
    assert question.own_scale_labels("vi") == LABELS_VI


def test_staff_mark_a_choice_exclusive(staff_client):
    from tests.assessment.factories import build_questionnaire

    build_questionnaire(
        [("ops", 1, [{"key": "tools", "type": "multi", "choices": [("app", 1), ("none", 0)]}])],
        publish=False,
    )
    question = Question.objects.get(key="tools")
    html = staff_client.get(f"/admin/snippets/assessment/question/edit/{question.pk}/")
    assert 'name="choices-0-exclusive"' in html.content.decode()
    choices = list(question.choices.all())
    forms = {}
    for index, c in enumerate(choices):
        prefix = f"choices-{index}-"
        forms.update(
            {
                prefix + "id": str(c.pk),
                prefix + "key": c.key,
                prefix + "label_vi": c.label_vi,
                prefix + "label_en": c.label_en,
                prefix + "score": str(c.score),
                prefix + "sort_order": str(index),
                prefix + "ORDER": str(index + 1),
                prefix + "DELETE": "",
            }
        )
        if c.key == "none":
            forms[prefix + "exclusive"] = "on"
    response = admin_post(
        staff_client,
        question,
        **{**forms, "choices-TOTAL_FORMS": "2", "choices-INITIAL_FORMS": "2"},
        type="multi",
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert [c.key for c in question.choices.all() if c.exclusive] == ["none"]
