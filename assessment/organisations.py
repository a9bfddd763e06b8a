"""Who may see what, and what managers do with their organisation: claim, invite,
re-assess, export and delete."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from . import scoring
from .models import (
    ActionProgress,
    Assessment,
    DimensionTarget,
    Invitation,
    Membership,
    Organisation,
    Questionnaire,
    SupportRequest,
)
from .services import load_structure, question_spec, save_answers


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def is_manager(user, organisation_id: int | None) -> bool:
    if organisation_id is None or not (user and user.is_authenticated):
        return False
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def can_see_assessment(user, assessment: Assessment) -> bool:
    """The resume link opens an unclaimed assessment; a claimed one only for its managers
    and staff."""
    if is_staff(user) or not assessment.is_claimed:
        return True
    return is_manager(user, assessment.organisation_id)


def managed_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def organisation_for(user, organisation_id: int) -> Organisation:
    """The organisation if ``user`` manages it (or is staff); 404 for everyone else."""
    queryset = Organisation.objects.select_related("sector", "administrative_unit")
    if not is_staff(user):
        queryset = queryset.filter(memberships__user=user)
    try:
        return queryset.get(pk=organisation_id)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


# --- Claiming --------------------------------------------------------------------------------


@transaction.atomic
def claim(assessment: Assessment, user, into: Organisation | None = None) -> Organisation:
    """Attach an anonymous assessment to ``user``: its own organisation, or one they manage."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    own = assessment.organisation
    if own is None:
        raise ValueError("An assessment without a profile cannot be claimed.")
    if Membership.objects.filter(organisation=own).exclude(user=user).exists():
        raise PermissionError("This assessment already belongs to another account.")
    if into is None or into.pk == own.pk:
        Membership.objects.get_or_create(user=user, organisation=own)
        target = own
    else:
        if not Membership.objects.filter(user=user, organisation=into).exists():
            raise PermissionError("You do not manage that organisation.")
        assessment.organisation = into
        target = into
    if assessment.created_by_id is None:
        assessment.created_by = user
    assessment.save(update_fields=["organisation", "created_by", "updated_at"])
    if target.pk != own.pk and not own.assessments.exists():
        own.delete()  # the profile made for the anonymous run is no longer used
    return target


# --- Invitations -------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(organisation: Organisation, email: str, invited_by) -> tuple[Invitation, str]:
    """A new invitation and its token (only the hash is stored)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email.strip().lower(),
        token_hash=_hash(token),
        invited_by=invited_by,
    )
    return invitation, token


class InvitationError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@transaction.atomic
def accept_invitation(token: str, user) -> Organisation:
    """Make ``user`` a manager; the link works once, before it expires, for the invited address."""
    try:
        invitation = Invitation.objects.select_for_update().get(token_hash=_hash(token))
    except Invitation.DoesNotExist as exc:
        raise InvitationError("unknown") from exc
    if invitation.accepted_at is not None:
        raise InvitationError("used")
    if invitation.expires_at <= timezone.now():
        raise InvitationError("expired")
    if (user.email or user.username).strip().lower() != invitation.email:
        raise InvitationError("wrong_user")
    Membership.objects.get_or_create(user=user, organisation=invitation.organisation)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation.organisation


@transaction.atomic
def remove_manager(organisation: Organisation, membership_id: int) -> None:
    """Remove a manager, never the last one."""
    memberships = Membership.objects.select_for_update().filter(organisation=organisation)
    if memberships.count() <= 1:
        raise PermissionError("An organisation keeps at least one manager.")
    memberships.filter(pk=membership_id).delete()


# --- Re-assessment -----------------------------------------------------------------------------


def _still_valid(question, value: Any) -> bool:
    if value == "NA":
        return question.allow_na
    try:
        scoring.answer_score(question_spec(question), value)
    except scoring.InvalidAnswer:
        return False
    return True


@transaction.atomic
def start_reassessment(organisation: Organisation, user) -> Assessment:
    """A new assessment on the published questionnaire, pre-filled with the last answers
    whose stable keys (question and choices) still exist."""
    questionnaire = Questionnaire.current()
    if questionnaire is None:
        raise ValueError("No questionnaire is published.")
    previous = (
        organisation.assessments.filter(status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    assessment = Assessment.objects.create(
        questionnaire=questionnaire,
        organisation=organisation,
        created_by=user,
        consent_statistics=previous.consent_statistics if previous else True,
    )
    if previous is not None:
        old = {
            q["key"]: q["value"]
            for d in previous.snapshot.get("dimensions", [])
            for q in d["questions"]
        }
        structure = load_structure(questionnaire)
        values = {}
        for question in structure.questions:
            if question.key in old and _still_valid(question, old[question.key]):
                value = old[question.key]
                values[question.key] = scoring.NA if value == "NA" else value
        save_answers(assessment, structure.questions, values)
    return assessment


# --- Export and deletion -----------------------------------------------------------------------


def export_organisation(organisation: Organisation) -> dict[str, Any]:
    """Everything the portal holds about ``organisation``, as JSON-ready data."""
    return {
        "organisation": {
            "name": organisation.name,
            "kind": organisation.kind,
            "sector": organisation.sector.key,
            "administrative_unit": str(organisation.administrative_unit),
            "size_band": organisation.size_band,
            "member_count": organisation.member_count,
            "tax_code": organisation.tax_code,
            "created_at": organisation.created_at.isoformat(),
        },
        "managers": [
            m.user.email or m.user.username for m in organisation.memberships.select_related("user")
        ],
        "assessments": [
            {
                "status": a.status,
                "questionnaire_version": a.questionnaire.version,
                "created_at": a.created_at.isoformat(),
                "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                "overall_score": float(a.overall_score) if a.overall_score is not None else None,
                "level": a.level,
                "dimension_scores": a.dimension_scores,
                "snapshot": a.snapshot,
                "answers": {
                    key: ("NA" if na else value)
                    for key, value, na in a.answers.values_list(
                        "question__key", "value", "not_applicable"
                    )
                },
                "consent_statistics": a.consent_statistics,
                "action_plans": [
                    {
                        "status": p.status,
                        "language": p.language,
                        "actions": p.actions,
                        "created_at": p.created_at.isoformat(),
                    }
                    for p in a.action_plans.all()
                ],
            }
            for a in organisation.assessments.select_related("questionnaire").order_by("created_at")
        ],
        "checklist": [
            {
                "action": p.rule_key,
                "status": p.status,
                "done_on": p.done_on.isoformat() if p.done_on else None,
            }
            for p in ActionProgress.objects.filter(organisation=organisation)
        ],
        "targets": {
            t.dimension_key: t.target_level
            for t in DimensionTarget.objects.filter(organisation=organisation)
        },
        "support_requests": [
            {
                "needs": r.needs,
                "other_need": r.other_need,
                "channel": r.channel,
                "contact_name": r.contact_name,
                "phone": r.phone,
                "email": r.email,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in SupportRequest.objects.filter(organisation=organisation)
        ],
        "exported_at": timezone.now().isoformat(),
    }


@transaction.atomic
def delete_organisation(organisation: Organisation) -> None:
    """Delete the organisation and everything it owns, generated PDFs included."""
    from recommendations.models import ActionPlan

    for plan in ActionPlan.objects.filter(assessment__organisation=organisation).exclude(file=""):
        plan.file.delete(save=False)
    organisation.delete()
