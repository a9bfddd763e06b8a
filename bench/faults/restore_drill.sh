#!/usr/bin/env bash
# Backup and restore drill: seed a portal, back it up the way the README says (pg_dump of
# the database, a tar of the private plan files), restore into a fresh database and a
# fresh storage folder, and check that every table has the same row count and a plan's
# PDF the same SHA-256. Exits non-zero on any difference.
#
#   DRILL_PG=postgres://postgres@127.0.0.1:5432 bench/faults/restore_drill.sh
#
# Uses two databases of its own (DRILL_PREFIX, default "drill": <prefix>_source and
# <prefix>_restored), created and dropped here; never touches any other database.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PYTHON:-.venv/bin/python}
PG=${DRILL_PG:-postgres://postgres@127.0.0.1:5432}
PREFIX=${DRILL_PREFIX:-drill}
SOURCE_DB="${PREFIX}_source"
RESTORED_DB="${PREFIX}_restored"
SCRATCH=$(mktemp -d -t restore-drill-XXXXXX)
export DJANGO_SETTINGS_MODULE=portal.settings.dev
unset REDIS_URL REDIS_CACHE_URL
export CELERY_BROKER_URL="memory://" CELERY_RESULT_BACKEND="cache+memory://" PORTAL_VAR_DIR="$SCRATCH/var"

cleanup() {
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS \"$SOURCE_DB\"" >/dev/null 2>&1 || true
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS \"$RESTORED_DB\"" >/dev/null 2>&1 || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

for db in "$SOURCE_DB" "$RESTORED_DB"; do
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null
done
psql "$PG/postgres" -qc "CREATE DATABASE \"$SOURCE_DB\"" >/dev/null

echo "1. Seeding a portal: demo content, 5 submitted assessments, their plans rendered"
DATABASE_URL="$PG/$SOURCE_DB" PRIVATE_MEDIA_ROOT="$SCRATCH/source-private" "$PY" - <<'PYTHON'
import random

import django

django.setup()
from django.core.management import call_command

call_command("migrate", verbosity=0)
call_command("seed_demo", admin_password="drill-demo-pass", stdout=open("/dev/null", "w"))
from assessment.answers import save_answers
from assessment.demo import ensure_default_questionnaire
from assessment.models import AdministrativeUnit, Assessment, Organisation, Sector
from assessment.structure import choice_options, load_structure
from assessment.submission import submit_assessment
from recommendations.models import ActionPlan
from recommendations.tasks import generate_action_plan

questionnaire = ensure_default_questionnaire()
structure = load_structure(questionnaire)
rng = random.Random(5)
for number in range(5):
    organisation = Organisation.objects.create(
        name=f"HTX diễn tập {number}", kind="cooperative", member_count=9,
        sector=Sector.objects.first(), administrative_unit=AdministrativeUnit.objects.first(),
        size_band="micro",
    )
    assessment = Assessment.objects.create(questionnaire=questionnaire, organisation=organisation)
    answers = {}
    for question in structure.questions:
        keys = [k for k, _ in choice_options(question)]
        answers[question.key] = rng.randint(0, 5) if question.type == "scale" else [rng.choice(keys)]
    save_answers(assessment, structure.questions, answers)
    submit_assessment(assessment, structure)
for plan in ActionPlan.objects.all():
    generate_action_plan.apply(args=[plan.pk])  # rendered here, as a worker would
ready = ActionPlan.objects.filter(status="ready").count()
assert ready == 5, f"{ready} plans ready"
PYTHON

echo "2. Backup: pg_dump (custom format) and a tar of the private files"
pg_dump --format=custom --no-owner --file="$SCRATCH/portal.dump" "$PG/$SOURCE_DB"
tar -C "$SCRATCH/source-private" -czf "$SCRATCH/private-files.tar.gz" .
ls -l "$SCRATCH/portal.dump" "$SCRATCH/private-files.tar.gz" | awk '{print "   ", $5, $9}'

echo "3. Restore into a fresh database and a fresh storage folder"
psql "$PG/postgres" -qc "CREATE DATABASE \"$RESTORED_DB\"" >/dev/null
pg_restore --no-owner --exit-on-error --dbname="$PG/$RESTORED_DB" "$SCRATCH/portal.dump"
mkdir -p "$SCRATCH/restored-private"
tar -C "$SCRATCH/restored-private" -xzf "$SCRATCH/private-files.tar.gz"

echo "4. Compare"
counts() {
  psql "$PG/$1" -Atc "SELECT table_name FROM information_schema.tables
                      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1" |
    while read -r table; do
      echo "$table $(psql "$PG/$1" -Atc "SELECT count(*) FROM \"$table\"")"
    done
}
counts "$SOURCE_DB" >"$SCRATCH/source-counts"
counts "$RESTORED_DB" >"$SCRATCH/restored-counts"
tables=$(wc -l <"$SCRATCH/source-counts")
rows=$(awk '{s += $2} END {print s}' "$SCRATCH/source-counts")
if ! diff -u "$SCRATCH/source-counts" "$SCRATCH/restored-counts"; then
  echo "FAIL: row counts differ"; exit 1
fi
echo "   row counts: $tables tables, $rows rows, identical"
grep -E "^(assessment_assessment|assessment_answer|recommendations_actionplan|wagtailcore_page|auth_user) " \
  "$SCRATCH/restored-counts" | sed 's/^/   /'

# The restored portal itself finds each plan's file, and its bytes are the original's.
DATABASE_URL="$PG/$RESTORED_DB" PRIVATE_MEDIA_ROOT="$SCRATCH/restored-private" \
  SOURCE_PRIVATE="$SCRATCH/source-private" "$PY" - <<'PYTHON'
import hashlib
import os
from pathlib import Path

import django

django.setup()
from recommendations.models import ActionPlan

plans = list(ActionPlan.objects.filter(status="ready"))
assert len(plans) == 5, len(plans)
for plan in plans:
    with plan.file.open("rb") as handle:
        restored = hashlib.sha256(handle.read()).hexdigest()
    original = hashlib.sha256((Path(os.environ["SOURCE_PRIVATE"]) / plan.file.name).read_bytes())
    if restored != original.hexdigest():
        raise SystemExit(f"FAIL: {plan.file.name} differs after the restore")
print(f"   plan files: {len(plans)} read through the restored portal, SHA-256 identical")
print(f"   e.g. {plans[0].file.name} sha256 {restored}")
PYTHON
echo "restore drill: PASS"
