"""The portal's roles. Each is a Django group; its permissions live here.

Data migrations call `roles_sync` whenever an app adds models whose
permissions a role needs, so a fresh database always has the right groups.
"""

from django.db import models


class Role(models.TextChoices):
    PATIENT = "Patient"
    EDITOR = "Editor"
    MEDICAL_REVIEWER = "Medical reviewer"
    BILLING = "Billing"


# Permission codenames as "app_label.codename". Apps that do not exist yet
# are skipped, so the list can name what later migrations add.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PATIENT: [],
    Role.EDITOR: [],
    Role.MEDICAL_REVIEWER: [],
    Role.BILLING: [],
}


def roles_sync(apps) -> None:
    """Create the role groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Permission.objects.none()
        for name in names:
            app_label, codename = name.split(".")
            wanted = wanted | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        group.permissions.set(wanted)
