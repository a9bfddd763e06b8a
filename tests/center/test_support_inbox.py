"""The support inbox: staff assign and answer requests, the organisation is e-mailed when the
status changes, internal notes stay internal, overdue requests show, editors stay out."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from pypdf import PdfReader

from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from assessment.models import (
    Membership,
    SupportRequest,
    SupportRequestChange,
    SupportRequestNote,
)
from portal.center.inbox import (
    is_overdue,
    overdue,
    overdue_filed_on_or_before,
    working_days_between,
)
from portal.center.models import PublicHoliday
from recommendations.models import ActionPlan, SupportOffer
from recommendations.tasks import render_plan, store_plan

from .conftest import CENTER_GROUP, ZONE

pytestmark = pytest.mark.django_db

INTERNAL = "Chủ đơn vị hay đổi ý, gọi buổi sáng"
FOR_THEM = "Trung tâm đã gửi hướng dẫn đăng ký hóa đơn điện tử"


def edit_url(support: SupportRequest) -> str:
    return reverse("inbox:edit", args=[support.pk])


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def answer(client, support: SupportRequest, **values):
    data = {
        "status": support.status,
        "assignee": support.assignee_id or "",
        "staff_note": support.staff_note,
        "note": "",
        **values,
    }
    return client.post(edit_url(support), data)


@pytest.fixture
def manager(small_city, django_user_model):
    """A signed-up manager of the first enterprise (whose request has no e-mail address)."""
    user = django_user_model.objects.create_user(
        "lan@doanhnghiep.vn", "lan@doanhnghiep.vn", "mật-khẩu-dài-123"
    )
    Membership.objects.create(user=user, organisation=small_city.enterprises[0])
    return user


@pytest.fixture
def support(small_city, manager) -> SupportRequest:
    return SupportRequest.objects.get(organisation=small_city.enterprises[0])


@pytest.fixture
def staff_client(client, center_staff):
    center_staff.first_name, center_staff.last_name = "Thu", "Nguyễn"
    center_staff.save()
    client.force_login(center_staff)
    return client


# --- E-mail to the organisation -------------------------------------------------------------


def test_a_status_change_emails_the_organisation_once_in_vietnamese(
    staff_client, support, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(
            staff_client, support, status="resolved", staff_note=FOR_THEM, note=INTERNAL
        )
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@doanhnghiep.vn"]  # the request had no address: the manager's
    assert "Đã giải quyết" in message.body
    assert "đã giải quyết" in message.subject
    assert FOR_THEM in message.body
    assert INTERNAL not in message.body + message.subject

    # Saving again with nothing changed sends nothing.
    support.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        answer(staff_client, support)
    assert len(mail.outbox) == 1


def test_the_email_goes_to_the_request_address_in_the_language_it_was_made_in(
    staff_client, support, django_capture_on_commit_callbacks
):
    SupportRequest.objects.filter(pk=support.pk).update(email="ops@phuan.vn", language="en")
    support.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        answer(staff_client, support, status="contacted")

    (message,) = mail.outbox
    assert message.to == ["ops@phuan.vn"]
    assert "Contacted" in message.body
    assert "Đã liên hệ" not in message.body


def test_only_a_note_or_an_assignee_sends_no_email(
    staff_client, support, center_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(staff_client, support, assignee=center_staff.pk, note=INTERNAL)
    assert mail.outbox == []


def test_a_failing_mail_server_keeps_the_change_and_logs_it(
    staff_client, support, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(staff_client, support, status="in_progress")

    assert response.status_code == 302
    support.refresh_from_db()
    assert support.status == "in_progress"
    assert "status e-mail failed" in caplog.text


# --- Internal notes stay internal -----------------------------------------------------------


def test_internal_notes_never_reach_the_organisations_pages(
    client, staff_client, support, manager, small_city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(staff_client, support, status="contacted", staff_note=FOR_THEM, note=INTERNAL)
    assert SupportRequestNote.objects.filter(text=INTERNAL).exists()

    client.force_login(manager)
    organisation = small_city.enterprises[0]
    page = client.get(reverse("dashboard:organisation", args=[organisation.pk]))
    export = client.get(reverse("dashboard:export", args=[organisation.pk]))

    assert FOR_THEM in page.content.decode()
    assert INTERNAL not in page.content.decode()
    assert INTERNAL not in export.content.decode()


# --- History --------------------------------------------------------------------------------


def test_history_records_who_changed_what_newest_first(staff_client, support, center_staff):
    answer(staff_client, support, assignee=center_staff.pk)
    support.refresh_from_db()
    answer(staff_client, support, status="resolved", note="Đã xong")

    changes = list(SupportRequestChange.objects.filter(request=support).order_by("pk"))
    assert [(c.field, c.old_value, c.new_value, c.author) for c in changes] == [
        ("assignee", "", "Thu Nguyễn", center_staff),
        ("status", "new", "resolved", center_staff),
    ]
    text = text_of(staff_client.get(edit_url(support)))
    history = text[text.index("Ghi chú và lịch sử") :]
    assert "Trạng thái: Mới → Đã giải quyết" in history
    assert "Người phụ trách: chưa phân công → Thu Nguyễn" in history
    # Newest first: the status change and its note before the assignment.
    assert history.index("Đã giải quyết") < history.index("chưa phân công → Thu Nguyễn")
    assert history.index("Đã xong") < history.index("chưa phân công → Thu Nguyễn")


def test_bad_input_changes_nothing(staff_client, support, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(staff_client, support, status="closed", note=INTERNAL)

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    support.refresh_from_db()
    assert support.status == "new"
    assert not SupportRequestNote.objects.exists()
    assert mail.outbox == []


# --- Overdue --------------------------------------------------------------------------------

FRIDAY = datetime.date(2026, 12, 4)
THURSDAY = datetime.date(2026, 12, 3)


def filed_on(support: SupportRequest, day: datetime.date) -> SupportRequest:
    moment = datetime.datetime.combine(day, datetime.time(16, 30), ZONE)
    SupportRequest.objects.filter(pk=support.pk).update(created_at=moment)
    support.refresh_from_db()
    return support


def test_working_days_skip_the_weekend():
    assert working_days_between(FRIDAY, FRIDAY + datetime.timedelta(days=4)) == 2  # Mon, Tue
    assert working_days_between(THURSDAY, datetime.date(2026, 12, 11)) == 6
    assert overdue_filed_on_or_before(datetime.date(2026, 12, 11), 5) == THURSDAY


@pytest.mark.parametrize("limit", [5, 2])
def test_a_friday_request_is_not_overdue_on_the_next_tuesday(support, settings, limit):
    settings.SUPPORT_OVERDUE_WORKING_DAYS = limit  # 2: four calendar days, two working days
    filed_on(support, FRIDAY)
    tuesday = datetime.date(2026, 12, 8)

    assert not is_overdue(support, tuesday)
    assert support not in overdue(SupportRequest.objects.all(), tuesday)


def test_a_thursday_request_is_overdue_six_working_days_later(support):
    filed_on(support, THURSDAY)
    fifth, sixth = datetime.date(2026, 12, 10), datetime.date(2026, 12, 11)

    assert not is_overdue(support, fifth)
    assert is_overdue(support, sixth)
    assert list(overdue(SupportRequest.objects.filter(pk=support.pk), fifth)) == []
    assert list(overdue(SupportRequest.objects.filter(pk=support.pk), sixth)) == [support]


def test_public_holidays_the_center_entered_are_not_working_days(support):
    # A request filed on the Thursday before a (made-up) two-day holiday on Monday and
    # Tuesday: six working days later is two days further on than without the holiday.
    filed_on(support, THURSDAY)
    sixth_without, sixth_with = datetime.date(2026, 12, 11), datetime.date(2026, 12, 15)
    assert is_overdue(support, sixth_without)

    PublicHoliday.objects.create(date=datetime.date(2026, 12, 7), name="Nghỉ lễ (thử)")
    PublicHoliday.objects.create(date=datetime.date(2026, 12, 8), name="Nghỉ lễ bù (thử)")

    assert working_days_between(THURSDAY, sixth_without) == 4
    assert overdue_filed_on_or_before(sixth_with, 5) == THURSDAY
    assert not is_overdue(support, sixth_without)
    assert not is_overdue(support, datetime.date(2026, 12, 14))
    assert is_overdue(support, sixth_with)
    one = SupportRequest.objects.filter(pk=support.pk)
    assert list(overdue(one, datetime.date(2026, 12, 14))) == []
    assert list(overdue(one, sixth_with)) == [support]


def test_the_center_staff_keep_the_holidays_in_the_admin(staff_client):
    listing = staff_client.get(reverse("wagtailsnippets_center_publicholiday:list"))
    assert listing.status_code == 200
    added = staff_client.post(
        reverse("wagtailsnippets_center_publicholiday:add"),
        {"date": "2027-09-02", "name": "Quốc khánh"},
    )
    assert added.status_code == 302
    assert PublicHoliday.objects.get().name == "Quốc khánh"
    twice = staff_client.post(
        reverse("wagtailsnippets_center_publicholiday:add"),
        {"date": "2027-09-02", "name": "Trùng ngày"},
    )
    assert twice.status_code == 200  # the form again, with the error, and nothing added
    assert PublicHoliday.objects.count() == 1


def test_the_centers_permissions_are_listed_in_the_group_editor(admin_client):
    group = Group.objects.get(name=CENTER_GROUP)
    page = admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    for codename in ("view_statistics", "export_submissions", "work_support_inbox"):
        assert f'value="{_permission_id(codename)}"' in page


def _permission_id(codename: str) -> int:
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="center", codename=codename).pk


def test_a_touched_or_resolved_request_is_not_overdue(staff_client, support, small_city):
    filed_on(support, THURSDAY)
    other = filed_on(SupportRequest.objects.get(organisation=small_city.enterprises[1]), THURSDAY)
    answer(staff_client, support, note="Đã gọi, chưa nghe máy")
    SupportRequest.objects.filter(pk=other.pk).update(status="resolved")
    later = datetime.date(2026, 12, 20)

    assert list(overdue(SupportRequest.objects.filter(pk__in=[support.pk, other.pk]), later)) == []


def test_the_inbox_lists_and_filters_overdue_requests_with_a_worded_badge(
    staff_client, support, small_city
):
    filed_on(support, datetime.date(2026, 1, 5))  # long ago, untouched

    listing = staff_client.get(reverse("inbox:index"))
    only = staff_client.get(reverse("inbox:index") + "?overdue=yes")

    assert listing.status_code == 200
    assert "Quá hạn" in text_of(listing)
    assert text_of(only).count("Quá hạn") >= 2  # the filter's label and the badge
    assert "Doanh nghiệp 0" in text_of(only)
    assert "Doanh nghiệp 1" not in text_of(only)


def test_the_dashboard_counts_overdue_requests(staff_client, support, small_city):
    filed_on(support, datetime.date(2026, 1, 5))
    filed_on(
        SupportRequest.objects.get(organisation=small_city.coops[0]), datetime.date(2026, 1, 6)
    )

    response = staff_client.get(reverse("center:statistics"))

    html = response.content.decode()
    figure = re.search(r"<li><strong>(\d+)</strong><a href=\"([^\"]+)\">([^<]+)</a></li>", html)
    assert figure is not None
    assert figure.group(1) == "2"
    assert unescape(figure.group(2)) == reverse("inbox:index") + "?overdue=yes"
    assert figure.group(3) == "Yêu cầu hỗ trợ quá hạn"


# --- Listing filters ------------------------------------------------------------------------


def test_mine_and_status_filters(staff_client, support, center_staff, small_city):
    answer(staff_client, support, assignee=center_staff.pk, status="contacted")

    mine = text_of(staff_client.get(reverse("inbox:index") + "?assignee=me"))
    new = text_of(staff_client.get(reverse("inbox:index") + "?status=new"))
    oldest = text_of(staff_client.get(reverse("inbox:index") + "?ordering=created_at"))

    assert "Doanh nghiệp 0" in mine and "Doanh nghiệp 1" not in mine
    assert "Doanh nghiệp 0" not in new and "Doanh nghiệp 1" in new
    for header in ("Đơn vị", "Nhu cầu", "Trạng thái", "Người phụ trách", "Ngày gửi"):
        assert header in mine
    assert oldest.index("Doanh nghiệp 0") < oldest.index("Hợp tác xã 0")


# --- Who may --------------------------------------------------------------------------------


def test_an_editor_has_no_inbox(client, editor, support):
    client.force_login(editor)

    for url in (
        reverse("inbox:index"),
        edit_url(support),
        reverse("center:inbox_results", args=[support.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or "/admin/" in response["Location"]
    assert answer(client, support, status="resolved").status_code in (302, 403)
    support.refresh_from_db()
    assert support.status == "new"
    assert reverse("inbox:index") not in client.get("/admin/").content.decode()


def test_center_staff_get_the_inbox_in_their_menu(staff_client):
    assert (
        Group.objects.get(name=CENTER_GROUP)
        .permissions.filter(codename="work_support_inbox")
        .exists()
    )
    assert reverse("inbox:index") in staff_client.get("/admin/").content.decode()


# --- The request's screen -------------------------------------------------------------------


def test_the_request_screen_lists_matching_offers_and_links_the_latest_results(
    staff_client, support, small_city
):
    today = datetime.date.today()
    SupportOffer.objects.create(
        key="hddt", provider="center", name_vi="Hỗ trợ hóa đơn điện tử", org_kinds=["enterprise"]
    )
    SupportOffer.objects.create(
        key="htx", provider="city", name_vi="Chương trình cho HTX", org_kinds=["cooperative"]
    )
    SupportOffer.objects.create(
        key="cu",
        provider="national",
        name_vi="Chương trình đã hết hạn",
        valid_until=today - datetime.timedelta(days=1),
    )
    latest = small_city.enterprises[0].assessments.latest_submitted()
    ActionPlan.objects.filter(assessment=latest).update(status=ActionPlan.Status.READY)

    screen = staff_client.get(edit_url(support))
    text = text_of(screen)

    assert "Hỗ trợ hóa đơn điện tử" in text
    assert "Chương trình cho HTX" not in text
    assert "Chương trình đã hết hạn" not in text
    results_url = reverse("center:inbox_results", args=[support.pk])
    assert results_url in screen.content.decode()

    results = staff_client.get(results_url)
    assert results.status_code == 200
    assert latest.overall_score == Decimal("10")
    assert "10" in text_of(results)
    assert "a1" in text_of(results)  # the plan's action (titled by its key in the fixture)
    assert latest.token not in results.content.decode()
    assert latest.token not in screen.content.decode()


def test_staff_download_the_organisations_real_plan_from_the_request(staff_client, support):
    latest = support.organisation.assessments.latest_submitted()
    plan = ActionPlan.objects.get(assessment=latest)
    url = reverse("center:inbox_plan_pdf", args=[support.pk])
    assert staff_client.get(url).status_code == 404  # not rendered yet

    name = store_plan(plan, render_plan(plan))
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.READY, file=name)
    response = staff_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    pdf = b"".join(response.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # This organisation's plan: its own assessment's day and score.
    assert f"Ngày tự đánh giá {latest.submitted_at.astimezone(ZONE):%d/%m/%Y}" in " ".join(
        text.split()
    )
    assert f"Điểm tổng thể {latest.overall_score:.0f}/100" in " ".join(text.split())
    assert latest.token not in text


def test_an_organisation_without_results_says_so(staff_client, small_city):
    support = SupportRequest.objects.get(organisation=small_city.coops[0])
    support.organisation.assessments.all().delete()

    text = text_of(staff_client.get(edit_url(support)))

    assert "Đơn vị chưa gửi bài đánh giá nào." in text
    results = staff_client.get(reverse("center:inbox_results", args=[support.pk]), follow=True)
    assert results.status_code == 404
