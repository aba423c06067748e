"""What clears a cached My page (care/my_page_cache.py): every write to what the page shows.

A patient's own rows (a step done, an assignment, an answer, a question, a bookmark, the surgery
date moved, a grant changed, the account's language or text size) clear that patient's page; rows
every page shows (pathway steps' words, care teams and their surgeons, teach-back questions) clear
every page. Published content moves the content version, which is in the page's key; midnight moves
the date, which is too. Writes that send no signal (queryset updates) call `my_page_changed` where
they are made. outcomes and estimates clear the page for the parts they add (their receivers).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from care.models import (
    Assignment,
    Bookmark,
    CaregiverGrant,
    CarePreference,
    CareTeam,
    CareTeamPatient,
    EducationRecord,
    PathwayStep,
    PathwayTemplate,
    PatientPathway,
    PatientQuestion,
    PatientStep,
    ReadingPlan,
    ReadingPlanItem,
)
from care.my_page_cache import my_page_changed, my_pages_all_changed
from education.models import TeachBackQuestion

PATIENT_ROWS = (
    Assignment,
    Bookmark,
    CaregiverGrant,
    CarePreference,
    CareTeamPatient,
    EducationRecord,
    PatientPathway,
    PatientQuestion,
)
SHARED_ROWS = (CareTeam, PathwayStep, PathwayTemplate, ReadingPlan, ReadingPlanItem, TeachBackQuestion)
# A login saves only these: nothing My page shows.
LOGIN_FIELDS = frozenset({"last_login"})


@receiver(post_save)
@receiver(post_delete)
def row_written(sender, instance=None, raw=False, **kwargs):
    if raw:  # loading fixtures
        return
    if sender in PATIENT_ROWS:
        my_page_changed(instance.patient_id)
    elif sender is PatientStep:
        my_page_changed(*PatientPathway.objects.filter(pk=instance.pathway_id).values_list("patient_id", flat=True))
    elif sender in SHARED_ROWS:
        my_pages_all_changed()


@receiver(post_save, dispatch_uid="care_my_page_user_saved")
@receiver(post_delete, dispatch_uid="care_my_page_user_deleted")
def user_written(sender, instance=None, raw=False, update_fields=None, **kwargs):
    """The patient's name, language and text size; a caregiver's name shows on the pages they acted on."""
    if raw or sender is not get_user_model() or (update_fields and set(update_fields) <= LOGIN_FIELDS):
        return
    acted_for = CaregiverGrant.objects.filter(caregiver_id=instance.pk).values_list("patient_id", flat=True)
    my_page_changed(instance.pk, *acted_for)
