"""System checks of the data other apps keep about the questionnaire."""

from __future__ import annotations

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from cms.models import Topic

from .models import Questionnaire


@register(Tags.database)
def topics_match_the_questionnaire(app_configs=None, databases=None, **kwargs) -> list[Warning]:
    """Guidance topics tied to a dimension key that the published questionnaire lacks.

    A database check: it runs with ``migrate`` and ``check --database default``.
    """
    if not databases:
        return []
    try:
        questionnaire = Questionnaire.current()
        if questionnaire is None:
            return []
        keys = set(questionnaire.dimensions.values_list("key", flat=True))
        stray = list(
            Topic.objects.exclude(dimension_key="")
            .exclude(dimension_key__in=keys)
            .values_list("slug", "dimension_key")
        )
    except DatabaseError:  # tables not created yet (first migrate)
        return []
    return [
        Warning(
            f"Topic “{slug}” is tied to dimension “{key}”, which the published questionnaire "
            f"(version {questionnaire.version}) does not have.",
            hint="Pick one of the questionnaire's dimensions for the topic in the admin "
            "(Snippets → Topics), or leave it empty.",
            obj=f"cms.Topic:{slug}",
            id="assessment.W001",
        )
        for slug, key in stray
    ]
