"""Vietnamese: 30/11/2026 and 30/11/2026 14:05 (see ``portal.formats``)."""

from portal.formats.common import *  # noqa: F403
