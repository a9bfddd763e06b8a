"""Admin URLs of the center (mounted under /admin/center/ by wagtail_hooks)."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "center"
urlpatterns = [
    path("", views.statistics, name="statistics"),
]
