"""Claim codes: how an organisation adds an assessment an advisor made with it to an account.

A code is 12 characters from an alphabet without 0/O/1/I (easy to read aloud and type on a
phone), shown in groups of four: ``K7QM-3XPA-ZR9D``; 60 bits, so guessing one at the
rate limit of the claim form is hopeless. The database keeps only the code's SHA-256 and
the random salt it was derived from with an HMAC under ``SECRET_KEY``: the code can be
printed again on a regenerated plan PDF (the PDF is rendered later, by a worker) and
shown to the advisor, but a copy of the database alone does not reveal it.

A code works once, for ``settings.CLAIM_CODE_DAYS`` days; the advisor can withdraw it or
renew it (which withdraws the old one). At most one code of an assessment is live.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Assessment, ClaimCode, Membership

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: 5 bits each
LENGTH = 12
GROUP = 4


class ClaimCodeError(Exception):
    """Why a code was refused: ``malformed``, ``unknown``, ``used``, ``expired``,
    ``withdrawn`` or ``no_profile``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _derive(salt: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"claim-code:{salt}".encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(LENGTH))


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def normalise(typed: str) -> str:
    """What someone typed, without spaces and dashes, in capitals ('' if it cannot be a code)."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t\n\r")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def display(code: str) -> str:
    """``K7QM3XPAZR9D`` → ``K7QM-3XPA-ZR9D``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def live_code(assessment: Assessment) -> ClaimCode | None:
    return (
        ClaimCode.objects.filter(
            assessment=assessment,
            used_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def was_claimed(assessment: Assessment) -> bool:
    """Whether the organisation already claimed the assessment with one of its codes."""
    return ClaimCode.objects.filter(assessment=assessment, used_at__isnull=False).exists()


def code_of(claim: ClaimCode | None) -> str:
    """The code in its printed form; '' when it cannot be re-derived (the secret key changed)."""
    if claim is None:
        return ""
    code = _derive(claim.salt)
    return display(code) if hmac.compare_digest(_hash(code), claim.code_hash) else ""


@transaction.atomic
def issue(assessment: Assessment, by=None) -> tuple[ClaimCode, str]:
    """A new live code for ``assessment`` (any live one is withdrawn); returns it printed."""
    withdraw(assessment)
    while True:
        salt = secrets.token_hex(16)
        code = _derive(salt)
        if not ClaimCode.objects.filter(code_hash=_hash(code)).exists():
            break
    claim = ClaimCode.objects.create(
        assessment=assessment, code_hash=_hash(code), salt=salt, created_by=by
    )
    return claim, display(code)


def withdraw(assessment: Assessment) -> int:
    """Withdraw the assessment's live codes; the number withdrawn."""
    return ClaimCode.objects.filter(
        assessment=assessment, used_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


@transaction.atomic
def redeem(typed: str, user) -> Assessment:
    """Make ``user`` a manager of the organisation of the code's assessment (its owner when it
    has none). Raises ``ClaimCodeError`` and changes nothing when the code does not work."""
    code = normalise(typed)
    if not code:
        raise ClaimCodeError("malformed")
    try:
        claim = (
            ClaimCode.objects.select_for_update()
            .select_related("assessment")
            .get(code_hash=_hash(code))
        )
    except ClaimCode.DoesNotExist as exc:
        raise ClaimCodeError("unknown") from exc
    if claim.used_at is not None:
        raise ClaimCodeError("used")
    if claim.withdrawn_at is not None:
        raise ClaimCodeError("withdrawn")
    if claim.expires_at <= timezone.now():
        raise ClaimCodeError("expired")
    assessment = claim.assessment
    if assessment.organisation_id is None:
        raise ClaimCodeError("no_profile")
    Membership.objects.get_or_create(user=user, organisation_id=assessment.organisation_id)
    claim.used_at = timezone.now()
    claim.used_by = user
    claim.save(update_fields=["used_at", "used_by"])
    return assessment
