"""English: the same 30/11/2026 as Vietnamese (see ``portal.formats``)."""

from portal.formats.common import *  # noqa: F403
