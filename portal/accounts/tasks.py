"""Periodic clean-up of sign-ups that were never confirmed."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone


def purge_unverified_accounts() -> int:
    """Delete accounts whose verification link has expired unused; return how many.

    An unconfirmed sign-up must not hold an address for ever: once its link is dead
    nobody can use the account, and the address is free for its real owner.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.ACCOUNT_VERIFY_MAX_AGE)
    deleted, _ = (
        get_user_model()
        .objects.filter(is_active=False, last_login__isnull=True, date_joined__lt=cutoff)
        .delete()
    )
    return deleted


@shared_task(name="portal.accounts.purge_unverified_accounts", ignore_result=True)
def purge_unverified_accounts_task() -> int:
    return purge_unverified_accounts()
