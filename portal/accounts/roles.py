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
    CARE_TEAM = "Care team"


# Permission codenames as "app_label.codename". Apps that do not exist yet
# are skipped, so the list can name what later migrations add.
def _crud(app_label: str, *models: str, actions=("add", "change", "delete", "view")) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


_CONTENT = ("article", "section", "figure", "warningsign", "faq", "teachbackquestion")

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Patients use the patient pages only; they hold no admin permission.
    Role.PATIENT: [],
    # Editors write drafts and submit them; they cannot publish.
    Role.EDITOR: [
        *_crud("education", *_CONTENT, "glossaryterm", "searchsynonym"),
        *_crud("care", "readingplan", "readingplanitem"),
        # Editors write pathways; a medical reviewer publishes them.
        *_crud("care", "pathwaytemplate", "pathwaystep"),
        *_crud("education", "surgeon", "region", "pematrating", actions=("view",)),
        *_crud("estimates", "procedure", actions=("view",)),
        # Content insights (issue 34): counts only, no patient data.
        "insights.view_content_insights",
    ],
    # Medical reviewers do all an editor does, publish, keep surgeon profiles,
    # and as the care team add patients and assign them reading.
    Role.MEDICAL_REVIEWER: [
        *_crud("education", *_CONTENT, "surgeon", "glossaryterm", "searchsynonym", "pematrating"),
        *_crud("care", "readingplan", "readingplanitem", "assignment"),
        *_crud("care", "patientquestion", actions=("change", "view")),
        *_crud("care", "pathwaytemplate", "pathwaystep", "patientpathway"),
        *_crud("care", "patientstep", "educationrecord", "carepreference", actions=("view",)),
        "care.publish_pathwaytemplate",
        # Outcome questionnaires: reviewers schedule them and read patients' scores (audited).
        *_crud("outcomes", "instrument", "item", "option", "scheduledinstrument"),
        *_crud("care", "pathwayprocedure"),
        *_crud("outcomes", "response", actions=("view",)),
        *_crud("accounts", "user", actions=("add", "change", "view")),
        *_crud("education", "region", actions=("view",)),
        *_crud("estimates", "procedure", actions=("view",)),
        "education.publish_article",
        # Their own care teams (patient data only for those teams: care.selectors).
        *_crud("care", "careteam", actions=("change", "view")),
        *_crud("care", "careteamstaff", actions=("view",)),
        *_crud("care", "careteampatient", actions=("add", "delete", "view")),
        # Caregiver access (issue 32): the care team sees a patient's caregivers and may end one.
        *_crud("care", "caregivergrant", actions=("change", "view")),
        # Content insights (issue 34), with what patients said was unclear (audited).
        "insights.view_content_insights",
        *_crud("insights", "helpfulvote", actions=("view",)),
    ],
    # Billing keeps procedures and fee schedules current.
    Role.BILLING: [
        *_crud("estimates", "procedure", "feeschedule", "fee"),
    ],
    # Nurses, coordinators and medical assistants (issue 29): the patient-facing work, for the
    # patients of their care teams only (care.selectors.patients_visible_to). No content writing.
    Role.CARE_TEAM: [
        *_crud("care", "assignment", "patientpathway", "pathwayprocedure"),
        *_crud("care", "patientquestion", actions=("change", "view")),
        *_crud("care", "readingplan", "readingplanitem", "pathwaytemplate", "pathwaystep", actions=("view",)),
        *_crud("care", "patientstep", "educationrecord", "carepreference", actions=("view",)),
        *_crud("care", "careteam", actions=("change", "view")),
        *_crud("care", "careteamstaff", actions=("view",)),
        *_crud("care", "careteampatient", actions=("add", "delete", "view")),
        *_crud("outcomes", "response", "instrument", "scheduledinstrument", actions=("view",)),
        *_crud("accounts", "user", actions=("add", "change", "view")),
        *_crud("education", "surgeon", "region", actions=("view",)),
        *_crud("estimates", "procedure", actions=("view",)),
        # Caregiver access (issue 32): the care team sees a patient's caregivers and may end one.
        *_crud("care", "caregivergrant", actions=("change", "view")),
    ],
}


def roles_sync(apps) -> None:
    """Create the role groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist now. A migration's
    # historical apps have no models module, which create_permissions needs: lend one for the call.
    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is not None:
            create_permissions(app_config, apps=apps, verbosity=0)
            continue
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
