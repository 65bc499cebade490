"""The two roles: Editors curate (add/change/delete/view everything), Analysts only read."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
ANALYSTS = "Analysts"


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="events")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(ours)
    analysts, _ = Group.objects.get_or_create(name=ANALYSTS)
    analysts.permissions.set(ours.filter(codename__startswith="view_"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, ANALYSTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0002_text_integrity_triggers"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
