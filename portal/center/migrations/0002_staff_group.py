"""The "Trung tâm hỗ trợ doanh nghiệp" staff group: admin access and the statistics permission.

Permissions are normally created after all migrations; the two this group needs are
created here (get_or_create, so Django's post-migrate step finds them and adds nothing).
Row-by-row exports are a separate permission, given to people, not to the group.
"""

from django.db import migrations

GROUP = "Trung tâm hỗ trợ doanh nghiệp"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    center, _ = ContentType.objects.get_or_create(app_label="center", model="recommendedaction")
    view, _ = Permission.objects.get_or_create(
        content_type=center,
        codename="view_statistics",
        defaults={"name": "Can see the support center's statistics dashboard"},
    )
    Permission.objects.get_or_create(
        content_type=center,
        codename="export_submissions",
        defaults={"name": "Can export submitted assessments row by row"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(view)
    admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin is not None:
        group.permissions.add(admin)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("center", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
