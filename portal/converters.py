"""URL converters the project registers once, before any app's URLconf is included."""

from __future__ import annotations


class TokenConverter:
    """An unguessable capability token in a URL (resume links, invitations, shares)."""

    regex = r"[A-Za-z0-9_-]{20,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
