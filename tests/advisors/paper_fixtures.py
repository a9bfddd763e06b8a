"""Shared arrangements of the paper-mode tests: the default questionnaire as the project
ships it, and advisors with the wards they cover."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

from django.contrib.auth import get_user_model

from assessment.demo import ensure_default_questionnaire, seed_reference_data
from assessment.models import AdministrativeUnit, Advisor, Questionnaire


def default_questionnaire() -> Questionnaire:
    """The questionnaire file the project ships, imported and published as seed_demo does."""
    seed_reference_data()
    return ensure_default_questionnaire()


def make_advisor(email: str, *unit_codes: str, active: bool = True) -> Advisor:
    user = get_user_model().objects.create_user(username=email, email=email, password="pw-123456")
    advisor = Advisor.objects.create(user=user, team="Tổ công nghệ số cộng đồng", active=active)
    advisor.units.set(AdministrativeUnit.objects.filter(code__in=unit_codes))
    return advisor


def squash(text: str) -> str:
    """NFC text with every run of white space made one space (lines wrap in the PDF)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
