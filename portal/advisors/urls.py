from __future__ import annotations

from django.urls import path

from . import views

app_name = "advisors"

urlpatterns = [
    path("", views.home, name="home"),
]
