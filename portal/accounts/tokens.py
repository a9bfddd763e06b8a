"""Single-purpose tokens for e-mail verification links.

Django's password-reset generator already makes a link die when the password or
the last log-in changes; the verification link also folds in ``is_active``, so a
link is dead once used (the log-in it performs moves ``last_login``), once staff
deactivate the account and once the password changes (a re-registration of an
unverified address sets a new one).
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class VerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "portal.accounts.tokens.VerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{int(user.is_active)}"


verification_token = VerificationTokenGenerator()


def is_unverified(user) -> bool:
    """An account whose e-mail address was never confirmed: never active, never logged in."""
    return not user.is_active and user.last_login is None
