"""The portal's own small state: signs of life that /healthz judges."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """When a periodic job last ran. In the database, not the cache: the cache may be
    down (it is optional), and a sign of life must not vanish with it."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.at.isoformat()}"
