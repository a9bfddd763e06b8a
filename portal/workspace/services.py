"""What managers do with their organisation: claim an assessment, invite and remove
managers, re-assess, export and delete."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import scoring
from assessment.answers import answers_of, save_answers
from assessment.models import (
    ActionProgress,
    ActionStatus,
    Assessment,
    DimensionTarget,
    Invitation,
    Membership,
    Organisation,
    Question,
    Questionnaire,
    SupportRequest,
)
from assessment.snapshot import Snapshot, encode_answer
from assessment.structure import load_structure, question_spec
from recommendations.models import ActionPlan
from recommendations.planning import default_due
from recommendations.plans import latest_plan, plan_actions

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


# --- The owner ----------------------------------------------------------------------------------


class NotOwner(PermissionError):
    """Only the organisation's owner may do this."""


class OwnerMustHandOver(PermissionError):
    """The owner cannot leave (or be removed) before handing the role to another manager."""


def owner_of(organisation: Organisation) -> Membership | None:
    return (
        Membership.objects.select_related("user")
        .filter(organisation=organisation, is_owner=True)
        .first()
    )


def is_owner(user, organisation: Organisation) -> bool:
    return bool(
        user.is_authenticated
        and Membership.objects.filter(organisation=organisation, user=user, is_owner=True).exists()
    )


def _locked_memberships(organisation: Organisation, by) -> Any:
    """The organisation's memberships, locked, once ``by`` is known to be its owner."""
    memberships = Membership.objects.select_for_update().filter(organisation=organisation)
    # Evaluated so the rows are locked before the check (PostgreSQL; SQLite locks the file).
    rows = list(memberships)
    if not any(m.user_id == by.pk and m.is_owner for m in rows):
        raise NotOwner("Only the owner may do this.")
    return memberships


@transaction.atomic
def remove_manager(organisation: Organisation, membership_id: int, by) -> None:
    """The owner removes another manager (never themselves: they hand the role on first)."""
    memberships = _locked_memberships(organisation, by)
    target = memberships.get(pk=membership_id)  # DoesNotExist: not this organisation's
    if target.is_owner:
        raise OwnerMustHandOver("Hand the owner role to another manager first.")
    target.delete()


@transaction.atomic
def transfer_ownership(organisation: Organisation, membership_id: int, by) -> Membership:
    """The owner makes another manager the owner; the old owner stays a manager."""
    memberships = _locked_memberships(organisation, by)
    target = memberships.get(pk=membership_id)  # DoesNotExist: not this organisation's
    if target.is_owner:
        raise ValueError("That manager is already the owner.")
    # Two statements in this order: the database allows one owner per organisation.
    memberships.filter(is_owner=True).update(is_owner=False)
    memberships.filter(pk=target.pk).update(is_owner=True)
    target.is_owner = True
    return target


# --- Re-assessment -----------------------------------------------------------------------------


def _still_valid(question: Question, value: scoring.AnswerValue) -> bool:
    if value is scoring.NA:
        return question.allow_na
    try:
        scoring.answer_score(question_spec(question), value)
    except scoring.InvalidAnswer:
        return False
    return True


class NothingPublished(Exception):
    """No questionnaire is published, so no assessment can start."""


@transaction.atomic
def start_reassessment(organisation: Organisation, user) -> Assessment:
    """A new assessment on the published questionnaire, pre-filled with the last answers
    whose stable keys (question and choices) still exist."""
    questionnaire = Questionnaire.current()
    if questionnaire is None:
        raise NothingPublished
    previous = organisation.assessments.latest_submitted()
    assessment = Assessment.objects.create(
        questionnaire=questionnaire,
        organisation=organisation,
        created_by=user,
        consent_statistics=previous.consent_statistics if previous else False,
    )
    if previous is not None:
        old = Snapshot.of(previous).answers()
        structure = load_structure(questionnaire)
        values = {
            question.key: old[question.key]
            for question in structure.questions
            if question.key in old and _still_valid(question, old[question.key])
        }
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
                "answers": {key: encode_answer(value) for key, value in answers_of(a).items()},
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
                "owner": p.owner,
                "due_on": p.due_on.isoformat() if p.due_on else None,
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
def delete_organisation(organisation: Organisation, by) -> None:
    """The owner deletes the organisation and everything it owns (the plan app removes the
    PDF files of the deleted plans once the deletion commits)."""
    _locked_memberships(organisation, by)
    organisation.delete()


# --- The organisation's page -----------------------------------------------------------------


def score_change_words(now: float | None, then: float | None) -> str:
    """The change of one dimension's score since the previous assessment, in words."""
    if now is None:
        return _("not scored this time")
    if then is None:
        return _("first score")
    change = scoring.display_score(now) - scoring.display_score(then)
    if change > 0:
        return _("up %(points)s points") % {"points": change}
    if change < 0:
        return _("down %(points)s points") % {"points": -change}
    return _("unchanged")


@dataclass
class WorkspaceSummary:
    """Everything the organisation's page shows, computed in a fixed number of queries."""

    assessed_on: datetime.date | None
    history: list[Assessment]
    latest: Assessment | None
    previous: Assessment | None
    snapshot: Snapshot
    plan: ActionPlan | None
    checklist: list[dict[str, Any]]
    done_count: int
    targets: dict[str, int]
    gaps: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    history_table: list[dict[str, Any]]

    @property
    def progress_percent(self) -> int:
        return round(100 * self.done_count / len(self.checklist)) if self.checklist else 0


def workspace_summary(organisation: Organisation) -> WorkspaceSummary:
    history = list(organisation.assessments.submitted().order_by("submitted_at", "pk"))
    latest = history[-1] if history else None
    previous = history[-2] if len(history) > 1 else None
    snapshot = Snapshot.of(latest) if latest else Snapshot(None)
    plan = latest_plan(latest) if latest else None
    progress = {p.rule_key: p for p in ActionProgress.objects.filter(organisation=organisation)}
    assessed_on = assessment_day(latest) if latest else None
    checklist = []
    for action in plan_actions(plan) if plan else []:
        item = progress.get(action.rule)
        due = item.due_on if item and item.due_on else None
        suggested = default_due(action.horizon, assessed_on) if assessed_on else None
        checklist.append(
            {
                "rule": action.rule,
                "title": action.title(),
                "horizon": action.horizon,
                "status": item.status if item else ActionStatus.NOT_STARTED,
                "done_on": item.done_on if item else None,
                "owner": item.owner if item else "",
                "due_on": due or suggested,
                "due_is_default": due is None,
            }
        )
    targets = {
        t.dimension_key: t.target_level
        for t in DimensionTarget.objects.filter(organisation=organisation)
    }
    gaps = []
    changes = []
    scores_now = latest.dimension_scores if latest else {}
    scores_then = previous.dimension_scores if previous else {}
    for dimension in snapshot.dimensions:
        score = scores_now.get(dimension.key)
        target = targets.get(dimension.key)
        threshold = snapshot.threshold_for(target) if target is not None else None
        if threshold is not None and score is not None:
            gaps.append(
                {
                    "name": dimension.name(),
                    "target": target,
                    "gap": max(0, scoring.display_score(threshold - score)),
                }
            )
        then = scores_then.get(dimension.key) if previous else None
        changes.append(
            {
                "key": dimension.key,
                "name": dimension.name(),
                "now": score,
                "then": then,
                "words": score_change_words(score, then),
            }
        )
    return WorkspaceSummary(
        assessed_on=assessed_on,
        history=history,
        latest=latest,
        previous=previous,
        snapshot=snapshot,
        plan=plan,
        checklist=checklist,
        done_count=sum(1 for item in checklist if item["status"] == ActionStatus.DONE),
        targets=targets,
        gaps=gaps,
        changes=changes,
        history_table=[
            {"name": d.name(), "scores": [a.dimension_scores.get(d.key) for a in history]}
            for d in snapshot.dimensions
        ],
    )


def assessment_day(assessment: Assessment) -> datetime.date:
    """The local day of the assessment, from which default due dates are counted."""
    return timezone.localdate(assessment.submitted_at or assessment.created_at)


@transaction.atomic
def update_checklist(
    organisation: Organisation,
    statuses: dict[str, str],
    assignments: dict[str, tuple[str, datetime.date | None]] | None = None,
) -> None:
    """Save each action's status (the day it is marked done is kept), person in charge and
    due date (None: the default from the horizon)."""
    today = timezone.localdate()
    assignments = assignments or {}
    for rule_key in statuses.keys() | assignments.keys():
        item, _created = ActionProgress.objects.get_or_create(
            organisation=organisation, rule_key=rule_key
        )
        status = statuses.get(rule_key, item.status)
        if item.status != status:
            item.status = status
            item.done_on = today if status == ActionStatus.DONE else None
        if rule_key in assignments:
            item.owner, item.due_on = assignments[rule_key]
        item.save()


@transaction.atomic
def save_targets(organisation: Organisation, levels: dict[str, str]) -> None:
    """Dimension key → target level ("" removes the target)."""
    for key, value in levels.items():
        if value == "":
            DimensionTarget.objects.filter(organisation=organisation, dimension_key=key).delete()
        else:
            DimensionTarget.objects.update_or_create(
                organisation=organisation, dimension_key=key, defaults={"target_level": int(value)}
            )
