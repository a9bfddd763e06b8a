"""The printable blank questionnaire: every question and choice of the published version,
numbered as the entry screen numbers them, the version on every page, drawn once."""

from __future__ import annotations

import pytest

from django.core.files.storage import storages

from assessment.structure import choice_options, load_structure
from portal.advisors.paper import paper_form_file, question_numbers

from .paper_fixtures import default_questionnaire, make_advisor, pdf_pages, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return default_questionnaire()


@pytest.fixture
def advisor_client(client, questionnaire):
    client.force_login(make_advisor("to-cns@phongdien.vn", "CT-X-PHONGDIEN").user)
    return client


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_the_vietnamese_form_has_every_question_and_choice_and_the_version_on_every_page(
    advisor_client, questionnaire
):
    pages = pdf_pages(fetch(advisor_client, "/vi/advisor/paper-form.pdf"))
    whole = " ".join(pages)

    assert len(pages) >= 4
    version = f"Bộ câu hỏi phiên bản {questionnaire.version} · mã {questionnaire.pk}"
    for number, text in enumerate(pages, start=1):
        assert version in text, f"page {number}"
        assert f"Trang {number}/{len(pages)}" in text
    structure = load_structure(questionnaire)
    numbers = question_numbers(structure)
    for d_number, dimension in enumerate(structure.dimensions, start=1):
        assert f"{d_number}. {squash(dimension.name_vi)}" in whole
    for question in structure.questions:
        # The number printed beside the question is the entry screen's.
        assert f"{numbers[question.key]} {squash(question.text_vi)}" in whole
        for _key, label in choice_options(question, "vi"):
            assert squash(label) in whole, (question.key, label)
        exclusive = [c for c in question.choices.all() if c.exclusive]
        for choice in exclusive:
            assert f"hoặc {squash(choice.label_vi)}" in whole
    assert "(chọn một)" in whole and "(chọn tất cả phù hợp)" in whole
    assert "Không áp dụng" in whole
    # A follow-up says what opens it; a co-op question says whom it is for.
    assert "Chỉ trả lời nếu câu 1.5 được trả lời: “Nộp giấy”" in whole
    assert "Chỉ hỏi: Hợp tác xã, Tổ hợp tác" in whole


def test_the_profile_is_asked_as_on_the_profile_step(advisor_client):
    whole = " ".join(pdf_pages(fetch(advisor_client, "/vi/advisor/paper-form.pdf")))

    for text in (
        "A1 Tên đơn vị",
        "A2 Đơn vị thuộc loại hình nào?",
        "Hộ kinh doanh",
        "Chế biến nông sản, thực phẩm",  # a sector from the reference data
        "Đến 3 tỷ đồng",  # a revenue band
        "A4 Phường hoặc xã",
    ):
        assert text in whole


def test_the_english_form_is_in_english(advisor_client, questionnaire):
    pages = pdf_pages(fetch(advisor_client, "/en/advisor/paper-form.pdf"))
    whole = " ".join(pages)

    for number, text in enumerate(pages, start=1):
        assert f"Questionnaire version {questionnaire.version} · id {questionnaire.pk}" in text
        assert f"Page {number}/{len(pages)}" in text
    for question in load_structure(questionnaire).questions:
        assert squash(question.text_en) in whole
    assert "(choose all that apply)" in whole


def test_the_form_is_drawn_once_per_version_and_language(questionnaire, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    name, drawn = paper_form_file(questionnaire, "vi")
    again, drawn_again = paper_form_file(questionnaire, "vi")
    english, _drawn = paper_form_file(questionnaire, "en")

    assert drawn and not drawn_again
    assert again == name != english
    assert f"questionnaire-{questionnaire.pk}-v{questionnaire.version}-vi" in name
    assert storages["private"].exists(name)
    # One file per language, none drawn twice.
    stored = sorted(p.name for p in (tmp_path / "paper-forms").iterdir())
    assert stored == sorted([name.rsplit("/", 1)[1], english.rsplit("/", 1)[1]])


def test_only_advisors_get_the_form(client, questionnaire):
    assert client.get("/vi/advisor/paper-form.pdf").status_code == 302  # to log in
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user(username="o@htx.vn", password="pw-123456")
    client.force_login(owner)
    assert client.get("/vi/advisor/paper-form.pdf").status_code == 403
