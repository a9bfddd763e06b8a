from __future__ import annotations

from django.urls import path

from . import views

app_name = "advisors"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/code/renew/", views.renew_code, name="renew_code"),
    path("assessments/<int:pk>/code/withdraw/", views.withdraw_code, name="withdraw_code"),
]
