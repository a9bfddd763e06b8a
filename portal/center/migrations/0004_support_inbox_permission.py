"""The support inbox's permission, given to the "Trung tâm hỗ trợ doanh nghiệp" staff group.

As in 0002, the permission is made here (get_or_create) so the group can have it at once.
"""

from django.db import migrations

GROUP = "Trung tâm hỗ trợ doanh nghiệp"
CODENAME = "work_support_inbox"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    center, _ = ContentType.objects.get_or_create(app_label="center", model="recommendedaction")
    permission, _ = Permission.objects.get_or_create(
        content_type=center,
        codename=CODENAME,
        defaults={"name": "Can answer support requests in the inbox"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="center", codename=CODENAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("center", "0003_facts"),
        ("assessment", "0009_support_inbox"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="recommendedaction",
            options={
                "default_permissions": (),
                "permissions": [
                    ("view_statistics", "Can see the support center's statistics dashboard"),
                    ("export_submissions", "Can export submitted assessments row by row"),
                    ("work_support_inbox", "Can answer support requests in the inbox"),
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
