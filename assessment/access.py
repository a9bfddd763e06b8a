"""Who may see an assessment and an organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from .models import Advisor, Assessment, Membership, Organisation

User = AbstractBaseUser | AnonymousUser


def is_staff(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def is_manager(user: User | None, organisation_id: int | None) -> bool:
    if organisation_id is None or not (user and user.is_authenticated):
        return False
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def is_its_advisor(user: User | None, assessment: Assessment) -> bool:
    """``user`` is the active advisor who assisted ``assessment``."""
    return bool(
        user
        and user.is_authenticated
        and assessment.assisted_by_id == user.pk
        and Advisor.objects.filter(user=user, active=True).exists()
    )


def can_see_assessment(user: User | None, assessment: Assessment) -> bool:
    """The resume link opens an unclaimed assessment; a claimed one only for its managers,
    staff and the advisor who assisted it."""
    if is_staff(user) or not assessment.is_claimed:
        return True
    return is_manager(user, assessment.organisation_id) or is_its_advisor(user, assessment)


def managed_organisations(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def organisation_for(user: User, organisation_id: int) -> Organisation:
    """The organisation if ``user`` manages it (or is staff); 404 for everyone else."""
    queryset = Organisation.objects.select_related("sector", "administrative_unit")
    if not is_staff(user):
        queryset = queryset.filter(memberships__user=user)
    try:
        return queryset.get(pk=organisation_id)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
