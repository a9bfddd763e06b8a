"""The four organisation kinds guidance can be aimed at (stable keys of the assessment)."""

from django.db import migrations

KINDS = ["enterprise", "cooperative", "coop_group", "household"]


def create_kinds(apps, schema_editor):
    OrganisationKind = apps.get_model("cms", "OrganisationKind")
    for order, key in enumerate(KINDS):
        OrganisationKind.objects.update_or_create(key=key, defaults={"sort_order": order})


def remove_kinds(apps, schema_editor):
    apps.get_model("cms", "OrganisationKind").objects.filter(key__in=KINDS).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_guidance_content")]

    operations = [migrations.RunPython(create_kinds, remove_kinds)]
