"""The baseline of bench/http_bench.py: a bare Django view under the same gunicorn.

One URL, one view returning a small ``HttpResponse``, no middleware, no database: what
Django and gunicorn cost on their own on this machine. The portal's pages are measured
as a share of this in the same run, so a busy or slow machine moves both together.

    gunicorn --pythonpath bench bare_app:application
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-secret"),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"<!doctype html><title>ok</title><p>Hello.</p>")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
