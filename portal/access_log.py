"""gunicorn's access log without capability tokens (see cms/logmask.py).

``gunicorn.conf.py`` names ``MaskingLogger`` as the logger class. Every atom of the
access-log format is masked, not only the request line: the Referer of a request made
from a results page carries the resume link too.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger, SafeAtoms

from cms.logmask import mask_tokens


class MaskedAtoms(SafeAtoms):
    """The atoms of one request, each masked as the log format reads it: a request has an
    atom per header and per environ key, and the format reads a dozen of them."""

    def __init__(self, atoms: dict[str, Any]) -> None:
        dict.__init__(self, atoms)  # as they are: masked, then quotes escaped, when read

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return mask_tokens(value).replace('"', '\\"') if isinstance(value, str) else value


class MaskingLogger(Logger):
    atoms_wrapper_class = MaskedAtoms
