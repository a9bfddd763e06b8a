"""Public URLs of the open data (mounted under /vi/open-data/ and /en/open-data/)."""

from __future__ import annotations

from django.urls import path

from . import opendata_views as views

app_name = "opendata"
urlpatterns = [
    path("", views.open_data_page, name="page"),
    path("data.json", views.open_data_json, name="json"),
    path("data.csv", views.open_data_csv, name="csv"),
]
