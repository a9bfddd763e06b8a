"""Beat rewrites the statistics copies nightly, on the housekeeping queue."""

from __future__ import annotations

import pytest
from celery.schedules import crontab

from django.conf import settings

from portal.celery import app
from portal.center import opendata
from portal.center.models import AssessmentFact
from portal.center.tasks import refresh_center_statistics


def registered_tasks() -> set[str]:
    app.loader.import_default_modules()  # what a worker imports at start (autodiscovery)
    return set(app.tasks)


def test_every_beat_entry_names_a_task_a_worker_knows():
    known = registered_tasks()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in known, name


def test_the_statistics_refresh_is_scheduled_on_the_housekeeping_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["center-refresh-statistics"]
    assert entry["task"] == "center.refresh_statistics"
    assert entry["schedule"] == crontab(hour=2, minute=40)
    task = refresh_center_statistics
    limit = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert 600 <= task.soft_time_limit < task.time_limit < limit
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "housekeeping"


@pytest.mark.django_db
def test_the_task_rewrites_the_facts_and_the_cached_open_data(small_city):
    opendata.invalidate()
    AssessmentFact.objects.all().delete()
    assert opendata.open_data("vi")["rows"][0]["organisations"] is None  # nothing: hidden
    refresh_center_statistics.apply().get()
    assert AssessmentFact.objects.count() == 9
    for language in ("vi", "en"):
        cached = opendata.cache.get(opendata.cache_key(language))
        assert cached["rows"][0]["organisations"] == 8, language
