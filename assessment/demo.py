"""Demo reference data and the default questionnaire, for ``seed_demo``. Idempotent."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from django.db import transaction
from django.db.models import Max

from cms.text import nfc

from .models import AdministrativeUnit, NextLevelText, Questionnaire, Sector, SizeGroup
from .questionnaires import (
    DEFAULT_QUESTIONNAIRE_FILE,
    import_questionnaire,
    load_questionnaire_file,
)

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference_data.yaml"
NEXT_LEVELS_FILE = Path(__file__).resolve().parent / "data" / "next_levels.yaml"

logger = logging.getLogger(__name__)


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
            defaults={
                "name_vi": sector["vi"],
                "name_en": sector["en"],
                "size_group": sector.get("size_group", SizeGroup.TRADE_SERVICES),
                "sort_order": order,
            },
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


@transaction.atomic
def ensure_default_questionnaire(path: Path = DEFAULT_QUESTIONNAIRE_FILE) -> Questionnaire | None:
    """Publish the data file's version of the default questionnaire if the database lacks it.

    The file says which version it is (``version: 2``; 1 when absent). When the database has
    no questionnaire of that key and version, the file is imported under that number and
    published: the version before it retires, and assessments made on it keep it (they are
    bound to their version and their snapshot). Staff come first: when the newest version in
    the database was made in the admin (copied to a new draft, published or not), or the
    database already has the file's number or a higher one, the file is left out and nothing
    changes, so a staff version is never replaced or outnumbered by the file; the log says
    so. Returns the published version.
    """
    data = load_questionnaire_file(path)
    key = data.get("key", "default")
    version = int(data.get("version", 1))
    versions = Questionnaire.objects.filter(key=key)
    latest = versions.aggregate(v=Max("version"))["v"]
    latest_from_file = versions.filter(from_data_file=True).aggregate(v=Max("version"))["v"]
    if latest is not None and (latest >= version or latest != latest_from_file):
        if not versions.filter(version=version).exists():
            logger.warning(
                "Questionnaire %s: the data file's version %s was not imported because "
                "version %s was made in the admin or is newer; staff keep theirs.",
                key,
                version,
                latest,
            )
        return Questionnaire.current(key)
    logger.info("Questionnaire %s: importing and publishing version %s.", key, version)
    questionnaire = import_questionnaire(data, publish=True, version=version)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(from_data_file=True)
    questionnaire.from_data_file = True
    return questionnaire
