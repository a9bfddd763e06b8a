"""gunicorn's access log without capability tokens (see cms/logmask.py).

``gunicorn.conf.py`` names ``MaskingLogger`` as the logger class. Every atom of the
access-log format is masked, not only the request line: the Referer of a request made
from a results page carries the resume link too.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from cms.logmask import mask_tokens


class MaskingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: mask_tokens(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
