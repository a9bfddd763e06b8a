from __future__ import annotations

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("<token:token>/plan/", views.regenerate, name="regenerate"),
    path("<token:token>/plan/<int:plan_id>/status/", views.status, name="status"),
    path("<token:token>/plan/<int:plan_id>/download/", views.download, name="download"),
    path("<token:token>/plan/<int:plan_id>/retry/", views.retry, name="retry"),
    path("<token:token>/plan/<int:plan_id>/", views.plan_page, name="html"),
]
