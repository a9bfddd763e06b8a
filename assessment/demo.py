"""Demo reference data and the default questionnaire, for ``seed_demo``. Idempotent."""

from __future__ import annotations

from pathlib import Path

import yaml

from django.db import transaction

from cms.text import nfc

from .models import AdministrativeUnit, NextLevelText, Questionnaire, Sector
from .questionnaires import (
    DEFAULT_QUESTIONNAIRE_FILE,
    import_questionnaire,
    load_questionnaire_file,
)

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference_data.yaml"
NEXT_LEVELS_FILE = Path(__file__).resolve().parent / "data" / "next_levels.yaml"


@transaction.atomic
def seed_reference_data(path: Path = REFERENCE_FILE) -> None:
    """Add the demo administrative units and sectors that are missing; never overwrite edits."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for order, unit in enumerate(data["administrative_units"]):
        AdministrativeUnit.objects.get_or_create(
            code=unit["code"],
            defaults={
                "name": unit["name"],
                "kind": unit.get("kind", ""),
                "province": data["province"],
                "sort_order": order,
            },
        )
    for order, sector in enumerate(data["sectors"]):
        Sector.objects.get_or_create(
            key=sector["key"],
            defaults={"name_vi": sector["vi"], "name_en": sector["en"], "sort_order": order},
        )


def seed_next_levels(path: Path = NEXT_LEVELS_FILE) -> int:
    """Add the missing "what the next level looks like" texts; staff edits are kept."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    created = 0
    for dimension_key, levels in data["next_levels"].items():
        for level, text in levels.items():
            _item, made = NextLevelText.objects.get_or_create(
                dimension_key=dimension_key,
                level=int(level),
                defaults={"text_vi": nfc(text["vi"]), "text_en": nfc(text.get("en", ""))},
            )
            created += made
    return created


def ensure_default_questionnaire(path: Path = DEFAULT_QUESTIONNAIRE_FILE) -> Questionnaire | None:
    """Load and publish the default questionnaire once; later versions are made in the admin."""
    data = load_questionnaire_file(path)
    key = data.get("key", "default")
    if Questionnaire.objects.filter(key=key).exists():
        return Questionnaire.current(key)
    return import_questionnaire(data, publish=True)
