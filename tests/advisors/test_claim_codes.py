"""The claim code an advisor hands over: the organisation's manager types it at /vi/claim/
and gets the assessment; a used, expired, withdrawn or wrong code changes nothing."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from assessment.claimcodes import ALPHABET, issue, normalise
from assessment.models import ClaimCode, Membership
from recommendations.adapter import plan_document
from recommendations.models import ActionPlan
from recommendations.pdf import render_plan_pdf

from .conftest import code_in, make_user

pytestmark = pytest.mark.django_db


def manager_client(email: str = "giamdoc@htx.vn") -> tuple[Client, object]:
    user = make_user(email, "Trần Thị Mai")
    client = Client()
    client.force_login(user)
    return client, user


def claim(client: Client, code: str):
    return client.post("/vi/claim/", {"code": code})


def test_the_code_is_short_readable_and_stored_only_as_a_hash(submitted):
    assessment, code = submitted
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert not set(code.replace("-", "")) & set("0O1I")
    stored = ClaimCode.objects.get(assessment=assessment)
    assert code.replace("-", "") not in str(ClaimCode.objects.filter(pk=stored.pk).values().get())
    assert round((stored.expires_at - stored.created_at).total_seconds() / 86400) == 30


def test_typing_the_code_makes_the_user_owner_and_shows_the_assessment(submitted):
    assessment, code = submitted
    client, user = manager_client()
    # Typed as read aloud: lower case, spaces instead of dashes.
    response = claim(client, code.lower().replace("-", " "))
    assert response.status_code == 302
    assert response["Location"] == f"/vi/dashboard/organisations/{assessment.organisation_id}/"
    membership = Membership.objects.get(user=user)
    assert membership.organisation_id == assessment.organisation_id
    assert membership.is_owner
    page = client.get(response["Location"]).content.decode()
    assert "đã có trong tài khoản của bạn" in page
    assert client.get(f"/vi/assessment/{assessment.token}/results/").status_code == 200
    # A stranger with the resume link no longer gets in; the advisor still does.
    assert Client().get(f"/vi/assessment/{assessment.token}/results/").status_code == 404


def test_the_advisor_still_sees_what_they_assisted_after_it_is_claimed(advisor_client, submitted):
    assessment, code = submitted
    client, _user = manager_client()
    claim(client, code)
    assert advisor_client.get(f"/vi/assessment/{assessment.token}/results/").status_code == 200


def test_a_second_manager_joins_without_taking_the_owner_role(submitted):
    assessment, code = submitted
    owner = make_user("chu@htx.vn")
    Membership.objects.create(user=owner, organisation=assessment.organisation)
    client, user = manager_client()
    assert claim(client, code).status_code == 302
    assert not Membership.objects.get(user=user).is_owner
    assert Membership.objects.get(user=owner).is_owner


def nothing_changed(assessment, user) -> None:
    assert not Membership.objects.filter(user=user).exists()
    assert not Membership.objects.filter(organisation=assessment.organisation).exists()


def test_a_used_code_is_refused(submitted):
    _assessment, code = submitted
    first, _ = manager_client("mot@htx.vn")
    assert claim(first, code).status_code == 302
    second, user = manager_client("hai@htx.vn")
    response = claim(second, code)
    assert response.status_code == 400
    assert "Mã nhận này đã được sử dụng" in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_an_expired_code_is_refused_and_changes_nothing(submitted):
    assessment, code = submitted
    ClaimCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client, user = manager_client()
    response = claim(client, code)
    assert response.status_code == 400
    assert "Mã nhận này đã hết hạn" in response.content.decode()
    nothing_changed(assessment, user)
    assert ClaimCode.objects.get().used_at is None


def test_a_withdrawn_code_is_refused(advisor_client, submitted):
    assessment, code = submitted
    response = advisor_client.post(f"/vi/advisor/assessments/{assessment.pk}/code/withdraw/")
    assert response.status_code == 302
    client, user = manager_client()
    response = claim(client, code)
    assert response.status_code == 400
    assert "Mã nhận này đã bị thu hồi" in response.content.decode()
    nothing_changed(assessment, user)


def test_a_renewed_code_replaces_the_old_one(advisor_client, submitted):
    assessment, old = submitted
    response = advisor_client.post(
        f"/vi/advisor/assessments/{assessment.pk}/code/renew/", follow=True
    )
    new = code_in(response.content.decode())
    assert new != old
    client, user = manager_client()
    assert claim(client, old).status_code == 400
    nothing_changed(assessment, user)
    assert claim(client, new).status_code == 302
    assert Membership.objects.filter(user=user, organisation=assessment.organisation).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2222-2222-2222", "Mã nhận này không tồn tại"),
        ("ABC", "Mã nhận gồm 12 chữ cái và chữ số"),
        ("O0O0-1I1I-O0O0", "Mã nhận gồm 12 chữ cái và chữ số"),
    ],
)
def test_a_wrong_code_is_refused_and_changes_nothing(submitted, typed, message):
    assessment, _code = submitted
    client, user = manager_client()
    response = claim(client, typed)
    assert response.status_code == 400
    assert message in response.content.decode()
    nothing_changed(assessment, user)
    assert ClaimCode.objects.get().used_at is None


def test_the_claim_address_with_the_code_fills_in_the_form(submitted):
    _assessment, code = submitted
    client, _user = manager_client()
    page = client.get(f"/vi/claim/{code}/").content.decode()
    assert f'value="{code}"' in page


def test_an_anonymous_visitor_is_asked_to_sign_in_first(submitted):
    _assessment, code = submitted
    response = Client().get(f"/vi/claim/{code}/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert Client().post("/vi/claim/", {"code": code}).status_code == 302
    assert ClaimCode.objects.get().used_at is None


def test_guessing_is_rate_limited(settings, submitted):
    _assessment, code = submitted
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "claim-code": {"account": "3/h"}}
    cache.clear()
    client, user = manager_client()
    for _ in range(3):
        assert claim(client, "2222-2222-2222").status_code == 400
    # The fourth try is refused even with the right code, and changes nothing.
    assert claim(client, code).status_code == 429
    assert not Membership.objects.filter(user=user).exists()


def test_codes_are_unique_and_from_the_alphabet(submitted):
    assessment, _code = submitted
    codes = {issue(assessment)[1] for _ in range(50)}
    assert len(codes) == 50
    assert all(normalise(c) and set(normalise(c)) <= set(ALPHABET) for c in codes)
    assert ClaimCode.objects.filter(withdrawn_at__isnull=True).count() == 1


def pdf_text(assessment) -> str:
    plan = ActionPlan.objects.filter(assessment=assessment).latest("pk")
    pdf = render_plan_pdf(plan_document(plan))
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_plan_pdf_names_the_advisor_and_prints_the_live_code(advisor_client, submitted):
    assessment, code = submitted
    text = squash(pdf_text(assessment))
    assert "Thực hiện cùng tư vấn viên Nguyễn Văn An (Tổ công nghệ số cộng đồng Phong Điền)" in text
    assert code in text
    assert "/vi/claim/" in text
    # Renewed: the new plan prints the new code, not the old one.
    response = advisor_client.post(
        f"/vi/advisor/assessments/{assessment.pk}/code/renew/", follow=True
    )
    new = code_in(response.content.decode())
    text = squash(pdf_text(assessment))
    assert new in text and code not in text
    # Withdrawn: no code at all, the advisor is still named.
    advisor_client.post(f"/vi/advisor/assessments/{assessment.pk}/code/withdraw/")
    text = squash(pdf_text(assessment))
    assert new not in text and "/vi/claim/" not in text
    assert "Thực hiện cùng tư vấn viên" in text


def test_the_advisor_cannot_save_the_assessment_to_their_own_account(advisor_client, submitted):
    assessment, _code = submitted
    results = advisor_client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()
    assert f"/vi/dashboard/claim/{assessment.token}/" not in results
    response = advisor_client.post(f"/vi/dashboard/claim/{assessment.token}/")
    assert response.status_code == 400
    assert "hãy trao mã nhận cho đơn vị" in response.content.decode()
    assert not Membership.objects.exists()


def test_once_claimed_the_advisor_cannot_hand_out_another_code(advisor_client, submitted):
    assessment, code = submitted
    client, _user = manager_client()
    claim(client, code)
    response = advisor_client.post(
        f"/vi/advisor/assessments/{assessment.pk}/code/renew/", follow=True
    )
    assert "Đơn vị đã nhận bài đánh giá này." in response.content.decode()
    assert not ClaimCode.objects.filter(used_at__isnull=True).exists()
    results = advisor_client.get(f"/vi/assessment/{assessment.token}/results/").content.decode()
    assert "Đơn vị đã nhận bài đánh giá này." in results
