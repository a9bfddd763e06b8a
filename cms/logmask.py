"""Capability tokens never reach a log line.

A resume link, a share link, an e-mail verification link, an invitation, a password
reset link: each is a key, and whoever reads a log that holds one can use it. Every
log record of the project (application, ``django.request``, ``django.server``,
django-axes) passes through ``TokenMaskingFilter``; gunicorn's access log goes
through ``portal.access_log.MaskingLogger``, which uses the same ``mask_tokens``.

Plain ``re`` and ``logging`` only, so gunicorn can load it before Django is set up.
"""

from __future__ import annotations

import logging
import re

MASK = "********"

# A path separator, also as it appears URL-encoded in a ?next= parameter.
_SEP = r"(?:/|%2F)"
# One path segment that is not a URL-encoded slash either.
_SEGMENT = r"(?:(?!%2F)[^/\s?&#\"'<>])+"
_CAPABILITY = r"[A-Za-z0-9_-]{20,64}"

_PATTERNS = [
    # /assessment/<token>/… and /assessment/shared/<token>/
    re.compile(rf"({_SEP}assessment{_SEP}(?:shared{_SEP})?){_CAPABILITY}", re.IGNORECASE),
    # /dashboard/claim/<token>/, /dashboard/help/<token>/ (organisations/<id>/help/ has none)
    re.compile(rf"({_SEP}(?:claim|help){_SEP}){_CAPABILITY}", re.IGNORECASE),
    # /accounts/verify/<signed value>/, /dashboard/invitations/<token>/
    re.compile(rf"({_SEP}(?:verify|invitations){_SEP}){_SEGMENT}", re.IGNORECASE),
    # /accounts/password/reset/<uidb64>/<token>/ (not …/reset/sent/ or …/reset/done/)
    re.compile(
        rf"({_SEP}password{_SEP}reset{_SEP})(?!(?:sent|done){_SEP}){_SEGMENT}{_SEP}{_SEGMENT}",
        re.IGNORECASE,
    ),
]


def mask_tokens(text: str) -> str:
    """``text`` with the token of every capability URL in it replaced by ``MASK``."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


class TokenMaskingFilter(logging.Filter):
    """Rewrites a record's message with its tokens masked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is still logged, as logging would
            return True
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
