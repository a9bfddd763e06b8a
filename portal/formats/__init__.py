"""Date formats of the portal (``FORMAT_MODULE_PATH``): one date format, ``30/11/2026``, in
every language, on web pages, admin listings, charts and the PDF (through
``django.utils.formats``). Times are 24-hour."""
