"""Admin URLs of the center (mounted under /admin/center/ by wagtail_hooks)."""

from __future__ import annotations

from django.urls import path

from . import inbox_views, views

app_name = "center"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("support-inbox/<int:pk>/results/", inbox_views.inbox_results, name="inbox_results"),
    path("support-inbox/<int:pk>/plan.pdf", inbox_views.inbox_plan_pdf, name="inbox_plan_pdf"),
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
