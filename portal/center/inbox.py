"""The support inbox's rules: who may work in it, when a request is overdue, and what a
staff member's change records and tells the organisation.

Overdue: a request not resolved and never touched by staff (status, assignee or a note)
more than ``settings.SUPPORT_OVERDUE_WORKING_DAYS`` working days after the day it was filed.
Working days are Monday to Friday except the public holidays the center has entered
(``PublicHoliday``, a snippet in the admin).

A change is saved first and the organisation is e-mailed after the commit
(``transaction.on_commit``): a failing mail server never loses the change, it is logged.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessment.models import (
    Membership,
    SupportRequest,
    SupportRequestChange,
    SupportRequestNote,
)
from cms.siteurl import absolute_url
from cms.text import single_line

from .models import PublicHoliday

INBOX_PERMISSION = "center.work_support_inbox"
WORKING_DAYS = (0, 1, 2, 3, 4)  # Monday to Friday

logger = logging.getLogger(__name__)


# --- Who works in the inbox ---------------------------------------------------------------


def can_work_inbox(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(INBOX_PERMISSION))


def inbox_staff() -> QuerySet:
    """Active users who may be assigned a request: the inbox permission, or superusers."""
    app_label, codename = INBOX_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def staff_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# --- Overdue --------------------------------------------------------------------------------


def holidays(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """The public holidays entered for the days from ``start`` to ``end`` (one query)."""
    return frozenset(
        PublicHoliday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


def is_working_day(day: datetime.date, days_off: frozenset[datetime.date]) -> bool:
    return day.weekday() in WORKING_DAYS and day not in days_off


def working_days_between(
    start: datetime.date, end: datetime.date, days_off: frozenset[datetime.date] | None = None
) -> int:
    """How many working days fall after ``start`` up to and including ``end``."""
    if days_off is None:
        days_off = holidays(start, end)
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, days_off):
            days += 1
    return days


def overdue_filed_on_or_before(today: datetime.date, working_days: int) -> datetime.date:
    """The last filing day that is overdue on ``today``: more than ``working_days``
    working days lie between it and today."""
    # The count goes back a few weeks at most; a year of holidays is one small query.
    days_off = holidays(today - datetime.timedelta(days=366), today)
    day, counted = today, 0
    while counted <= working_days:
        if is_working_day(day, days_off):
            counted += 1
        day -= datetime.timedelta(days=1)
    return day


def _limit() -> int:
    return settings.SUPPORT_OVERDUE_WORKING_DAYS


def overdue(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """The overdue requests among ``queryset`` (see the module docstring)."""
    today = today or timezone.localdate()
    last_day = overdue_filed_on_or_before(today, _limit())
    zone = timezone.get_current_timezone()
    before = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), zone)
    return queryset.exclude(status=SupportRequest.Status.RESOLVED).filter(
        staff_touched_at__isnull=True, created_at__lt=before
    )


def is_overdue(support: SupportRequest, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        support.status != SupportRequest.Status.RESOLVED
        and support.staff_touched_at is None
        and working_days_between(timezone.localdate(support.created_at), today) > _limit()
    )


def overdue_count(today: datetime.date | None = None) -> int:
    """How many requests are overdue now: the figure on the statistics dashboard."""
    return overdue(SupportRequest.objects.all(), today).count()


# --- What a staff member's change does ------------------------------------------------------


@dataclass
class History:
    """One line of a request's history: a note or a change, newest first on the screen."""

    created_at: datetime.datetime
    author: str
    note: str = ""
    field: str = ""
    old: str = ""
    new: str = ""


def history(support: SupportRequest) -> list[History]:
    status_labels = dict(SupportRequest.Status.choices)
    unassigned = _("not assigned")
    lines = [
        History(n.created_at, staff_name(n.author), note=n.text)
        for n in support.notes.select_related("author")
    ]
    for change in support.changes.select_related("author"):
        if change.field == SupportRequestChange.Field.STATUS:
            old = str(status_labels.get(change.old_value, change.old_value))
            new = str(status_labels.get(change.new_value, change.new_value))
        else:
            old, new = change.old_value or unassigned, change.new_value or unassigned
        lines.append(
            History(
                change.created_at,
                staff_name(change.author),
                field=change.get_field_display(),
                old=old,
                new=new,
            )
        )
    return sorted(lines, key=lambda line: line.created_at, reverse=True)


def record_changes(support: SupportRequest, before: SupportRequest, by, note: str = "") -> bool:
    """Save ``support`` as staff changed it (``before``: as it was), with a history entry
    per changed status or assignee and the internal ``note``; e-mail the organisation after
    the commit when the status changed. Returns whether anything changed."""
    changes = []
    if support.status != before.status:
        changes.append(
            SupportRequestChange(
                request=support,
                author=by,
                field=SupportRequestChange.Field.STATUS,
                old_value=before.status,
                new_value=support.status,
            )
        )
    if support.assignee_id != before.assignee_id:
        changes.append(
            SupportRequestChange(
                request=support,
                author=by,
                field=SupportRequestChange.Field.ASSIGNEE,
                old_value=staff_name(before.assignee),
                new_value=staff_name(support.assignee),
            )
        )
    note = note.strip()
    touched = bool(changes or note or support.staff_note != before.staff_note)
    if not touched:
        return False  # a save with nothing changed writes nothing and tells nobody
    support.staff_touched_at = timezone.now()
    support.save(
        update_fields=["status", "assignee", "staff_note", "staff_touched_at", "updated_at"]
    )
    SupportRequestChange.objects.bulk_create(changes)
    if note:
        SupportRequestNote.objects.create(request=support, author=by, text=note)
    if support.status != before.status:
        support_id = support.pk
        transaction.on_commit(lambda: email_status(support_id))
    return True


def recipients(support: SupportRequest) -> list[str]:
    """The request's own e-mail address, else its organisation's managers'."""
    if support.email:
        return [support.email]
    addresses = []
    for membership in Membership.objects.filter(organisation_id=support.organisation_id).order_by(
        "created_at"
    ):
        address = membership.user.email or membership.user.get_username()
        if "@" in address and address not in addresses:
            addresses.append(address)
    return addresses


def email_status(support_id: int) -> bool:
    """Tell the organisation its request's new status and the center's note for it, in the
    language the request was made in. Internal notes never go out. Failures are logged."""
    support = SupportRequest.objects.select_related("organisation").filter(pk=support_id).first()
    if support is None:
        return False
    addresses = recipients(support)
    if not addresses:
        logger.info("support request %s: status e-mail not sent, no address", support_id)
        return False
    language = support.language if support.language in dict(settings.LANGUAGES) else "vi"
    with translation.override(language):
        link = absolute_url(reverse("dashboard:home"))
        subject = _("Your support request: %(status)s") % {
            "status": support.get_status_display().lower()
        }
        body = render_to_string(
            "center/inbox/status_email.txt",
            {
                "support": support,
                "organisation": single_line(support.organisation.name),
                "status": support.get_status_display(),
                "link": link,
            },
        )
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=addresses)
    except (OSError, smtplib.SMTPException):
        logger.exception("support request %s: status e-mail failed", support_id)
        return False
    return True
