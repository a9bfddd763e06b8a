"""F14: tokens never reach a log line; F17: request-size caps are configured."""

from __future__ import annotations

import io
import logging
import logging.config
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from django.conf import settings
from django.test import Client

from cms.logmask import MASK, TokenMaskingFilter, mask_tokens
from portal.access_log import MaskingLogger

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "QzGNKzvahnzShigh6x1bLKfMRU6T4kztysBOCiM4WFI"
SIGNED = "eyJ1c2VyIjoyLCJuZXh0IjoiL3ZpL2Rhc2hib2FyZC8ifQ:1vQ2aB:Xy-Zk1sWq8"

CAPABILITY_PATHS = [
    f"/vi/assessment/{TOKEN}/",
    f"/vi/assessment/{TOKEN}/plan/3/download/",
    f"/en/assessment/shared/{TOKEN}/",
    f"/vi/accounts/verify/{SIGNED}/",
    f"/vi/dashboard/invitations/{TOKEN}/",
    f"/vi/dashboard/claim/{TOKEN}/",
    f"/vi/dashboard/help/{TOKEN}/",
    "/vi/accounts/password/reset/Mg/cz1k2p-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/",
    f"/vi/accounts/login/?next=%2Fvi%2Fdashboard%2Fclaim%2F{TOKEN}%2F",
]


@pytest.mark.parametrize("path", CAPABILITY_PATHS)
def test_f14_every_capability_path_is_masked(path):
    masked = mask_tokens(f'"GET {path} HTTP/1.1" 200')

    assert TOKEN not in masked and SIGNED not in masked and "cz1k2p" not in masked
    assert MASK in masked


@pytest.mark.parametrize(
    "path",
    [
        "/vi/assessment/how-we-score/",
        "/vi/dashboard/organisations/7/help/",
        "/vi/accounts/password/reset/sent/",
        "/vi/accounts/password/reset/done/",
    ],
)
def test_f14_ordinary_paths_are_left_alone(path):
    assert mask_tokens(path) == path


@pytest.fixture
def project_log():
    """What the project's console handlers write, as configured by settings.LOGGING."""
    # Applied again, as Django applies it at start-up: other tests (a Celery worker)
    # may have reconfigured logging in this process.
    logging.config.dictConfig(settings.LOGGING)
    handlers = [
        h
        for h in logging.getLogger().handlers + logging.getLogger("django.server").handlers
        if any(isinstance(f, TokenMaskingFilter) for f in h.filters)
    ]
    assert len(handlers) == 2  # root console and runserver's access log
    stream = io.StringIO()
    previous = [h.setStream(stream) for h in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


@pytest.mark.django_db
def test_f14_django_request_warnings_are_masked(project_log):
    response = Client().get(f"/vi/assessment/{TOKEN}/results/")

    assert response.status_code == 404
    log = project_log.getvalue()
    assert f"Not Found: /vi/assessment/{MASK}/results/" in log
    assert TOKEN not in log


def test_f14_axes_and_runserver_lines_are_masked(project_log):
    logging.getLogger("axes.handlers.database").warning(
        'AXES: Successful login by {path_info: "%s"}', f"/vi/accounts/verify/{SIGNED}/"
    )
    logging.getLogger("django.server").warning(
        '"%s" %s %s', f"GET /vi/assessment/shared/{TOKEN}/ HTTP/1.1", 200, 512
    )

    log = project_log.getvalue()
    assert "AXES: Successful login" in log and f"/verify/{MASK}/" in log
    assert f"/shared/{MASK}/" in log
    assert TOKEN not in log and SIGNED not in log


def gunicorn_config() -> Config:
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_f14_gunicorn_access_log_is_masked_in_every_atom():
    config = gunicorn_config()
    logger = MaskingLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(stream)]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/vi/assessment/{TOKEN}/results/",
        "PATH_INFO": f"/vi/assessment/{TOKEN}/results/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://dtt.example.gov.vn/vi/dashboard/claim/{TOKEN}/",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    logger.access(response, request, environ, timedelta(milliseconds=12))

    line = stream.getvalue()
    assert f"GET /vi/assessment/{MASK}/results/ HTTP/1.1" in line
    assert TOKEN not in line
    assert config.logger_class is MaskingLogger


def test_f17_request_size_caps():
    config = gunicorn_config()

    assert config.limit_request_line <= 4094
    assert config.limit_request_fields <= 100
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert "client_max_body_size" in (ROOT / "README.md").read_text()
    assert '"gunicorn", "-c", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
