# The production image: one image for web (gunicorn), the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORTAL_VAR_DIR=/data \
    PRIVATE_MEDIA_ROOT=/data/private \
    DJANGO_MEDIA_ROOT=/data/media \
    PORT=8000

RUN useradd --create-home --uid 1000 portal \
    && mkdir -p /app /data/private /data/media \
    && chown -R portal:portal /data

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install ".[s3]" && pip uninstall -y digital-readiness-portal

COPY --chown=portal:portal . .

# Compile translations and collect static files at build time. Production settings
# insist on real secrets, so placeholders are given for these two commands only.
RUN for dir in locale */locale; do pybabel --quiet compile -d "$dir" -D django || exit 1; done \
    && DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost PORTAL_BASE_URL=http://localhost \
       DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379 \
       python manage.py collectstatic --noinput -v 0

USER portal
EXPOSE 8000

CMD ["gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi:application"]
