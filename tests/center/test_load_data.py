"""generate_load_data makes varied, scored data the dashboard can read (SQLite here)."""

from __future__ import annotations

import pytest

from django.core.management import call_command

from assessment.models import Assessment, Organisation
from portal.center.models import RecommendedAction
from portal.center.queries import Filters, dashboard
from recommendations.models import ActionPlan

pytestmark = pytest.mark.django_db


def test_generate_load_data_fills_every_table_the_dashboard_reads(capsys):
    call_command("generate_load_data", "--assessments", "120", "--batch", "50")
    submitted = Assessment.objects.submitted()
    assert submitted.count() == 120
    assert submitted.filter(overall_score__isnull=True).count() == 0
    assert len(set(submitted.values_list("level", flat=True))) >= 3
    assert len(set(Organisation.objects.values_list("kind", flat=True))) >= 3
    assert ActionPlan.objects.count() == 120
    assert RecommendedAction.objects.exists()
    data = dashboard(Filters())
    assert data.submitted == 120
    assert data.returning > 0
    assert data.overall.mean is not None
    assert "120 submitted assessments" in capsys.readouterr().out
