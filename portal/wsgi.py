from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# Before the first visitor: the URLconf, catalogues and templates (portal.warmup). gunicorn
# preloads this module, so the workers fork with all of it loaded.
from portal.warmup import warm_up  # noqa: E402 (needs the application's settings loaded)

warm_up()
