"""The Celery application: configured from Django settings under the CELERY_ namespace."""

from __future__ import annotations

import os

from celery import Celery

from . import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
broker.register()  # the embedded default's atomicfs:// broker

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """Create the folders of the filesystem transport; it does not create them itself."""
    options = app.conf.broker_transport_options or {}
    if not str(app.conf.broker_url).startswith(("filesystem", broker.SCHEME)):
        return
    keys = ("data_folder_in", "data_folder_out", "control_folder", "processed_folder")
    for key in (*keys, "staging_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
    backend = str(app.conf.result_backend or "")
    if backend.startswith("file://"):
        os.makedirs(backend.removeprefix("file://"), exist_ok=True)


@app.on_after_configure.connect
def _prepare_embedded_broker(sender: Celery, **kwargs: object) -> None:
    # Runs once the configuration is first read, before any connection is made.
    ensure_broker_folders()
