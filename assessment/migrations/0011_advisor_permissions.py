"""The "Trung tâm hỗ trợ doanh nghiệp" staff group manages advisors in the admin.

As in portal/center's 0002, the permissions are made here (get_or_create, so Django's
post-migrate step finds them and adds nothing) and the group gets them at once.
"""

from django.db import migrations

GROUP = "Trung tâm hỗ trợ doanh nghiệp"
ACTIONS = {
    "add": "Can add advisor",
    "change": "Can change advisor",
    "delete": "Can delete advisor",
    "view": "Can view advisor",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    advisor, _ = ContentType.objects.get_or_create(app_label="assessment", model="advisor")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for action, name in ACTIONS.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=advisor, codename=f"{action}_advisor", defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="assessment",
                codename__in=[f"{action}_advisor" for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0010_claim_code"),
        ("center", "0002_staff_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
