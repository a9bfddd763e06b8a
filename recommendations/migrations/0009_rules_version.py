"""The rules' version row, and the triggers that change it on every write to the rules."""

import uuid

from django.db import migrations, models

# Every table whose rows feed a plan's chosen actions.
WATCHED = [
    "recommendations_recommendationrule",
    "recommendations_rulechoicecondition",
    "recommendations_rulelink",
    "recommendations_ruleguidancepage",
    "recommendations_recommendationrule_support_offers",
]
BUMP_SQLITE = "UPDATE recommendations_rulesversion SET value = lower(hex(randomblob(16)));"


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION recommendations_bump_rules_version() "
                "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "UPDATE recommendations_rulesversion "
                "SET value = md5(random()::text || clock_timestamp()::text); "
                "RETURN NULL; END $$"
            )
            for table in WATCHED:
                cursor.execute(
                    f"CREATE TRIGGER {table}_bumps_rules_version "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION recommendations_bump_rules_version()"
                )
        elif connection.vendor == "sqlite":
            for table in WATCHED:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER {table}_{event.lower()}_bumps_rules_version "
                        f"AFTER {event} ON {table} BEGIN {BUMP_SQLITE} END"
                    )
        # Elsewhere no trigger: the version row stays empty and the rules are read afresh.


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in WATCHED:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_bumps_rules_version ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS recommendations_bump_rules_version()")
        elif connection.vendor == "sqlite":
            for table in WATCHED:
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_bumps_rules_version")


def first_version(apps, schema_editor):
    apps.get_model("recommendations", "RulesVersion").objects.create(pk=1, value=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0008_plan_downloads"),
    ]

    operations = [
        migrations.CreateModel(
            name="RulesVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.CharField(max_length=32)),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
