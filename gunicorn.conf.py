"""gunicorn settings of the production image: the Dockerfile runs ``gunicorn -c gunicorn.conf.py``.

Bind address, workers and timeout come from the environment as before; what is fixed
here is what keeps tokens out of the access log and caps what one request may send.
"""

import gc
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 60
# The application (and what portal.warmup loads) is imported once, before the workers fork:
# no worker's first visitors wait for the imports, and the workers share those pages of
# memory. Nothing connects to the database, cache or broker before the fork.
preload_app = True

accesslog = "-"
# Resume, share, verification, invitation and reset tokens are masked in every atom.
logger_class = "portal.access_log.MaskingLogger"

# Request-size caps (the TLS proxy caps the body: client_max_body_size, see README).
limit_request_line = 4094  # admin bulk actions put many ids in the query string
limit_request_fields = 50
limit_request_field_size = 8190


def pre_fork(server, worker):
    """Before each worker is forked: what the master loaded is frozen out of the garbage
    collector's sight. Otherwise each full collection in a worker walks the 217,000 objects
    of Django, Wagtail and the app (118 ms measured, in the middle of a request, the
    requests queued behind it waiting; 0.0 ms once frozen) and writes to their memory
    pages, which the workers then stop sharing with the master."""
    if gc.get_freeze_count() == 0:
        gc.collect()
    gc.freeze()


def post_worker_init(worker):
    """In each worker, before it accepts: what it keeps from the database (portal.warmup)."""
    from portal.warmup import warm_worker

    warm_worker()
