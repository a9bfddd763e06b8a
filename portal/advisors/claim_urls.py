"""/vi/claim/: an organisation's manager types the code the advisor handed over."""

from __future__ import annotations

from django.urls import path

from . import claim

app_name = "claim"

urlpatterns = [
    path("", claim.claim_form, name="form"),
    path("<str:code>/", claim.claim_form, name="prefilled"),
]
