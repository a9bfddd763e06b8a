"""Admin URLs of the center (mounted under /admin/center/ by wagtail_hooks)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "center"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    *(
        path(
            f"export/aggregates.{fmt}",
            views.export_aggregates,
            {"fmt": fmt},
            name=f"aggregates_{fmt}",
        )
        for fmt in views.FORMATS
    ),
    *(
        path(
            f"export/assessments.{fmt}",
            views.export_submissions,
            {"fmt": fmt},
            name=f"submissions_{fmt}",
        )
        for fmt in views.FORMATS
    ),
]
