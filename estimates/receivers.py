"""How estimates answers the content app (connected in EstimatesConfig.ready; see education.extensions),
and what keeps the cached schedule snapshot current."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from care import access
from care import extensions as care_extensions
from care.my_page_cache import my_page_changed
from education import extensions
from estimates import services, snapshot
from estimates.models import Fee, FeeSchedule, Procedure, SavedEstimate


@receiver(extensions.article_procedures_found)
def procedures_from_an_imported_article(sender, *, items, **kwargs):
    """An imported article's CPT lines become procedures with fees, so they appear in the calculator."""
    return services.procedures_record_from_article(items=items)


def schedule_procedure_names() -> dict[str, str]:
    fees = Fee.objects.filter(schedule__is_active=True).values_list("procedure__cpt_code", "procedure__official_name")
    return dict(fees)


extensions.register_schedule_procedure_names(schedule_procedure_names)


def my_page_estimates(*, request) -> care_extensions.MyPagePart:
    grant = access.acting_grant(request)
    if grant is not None and not grant.allows(access.Scope.ESTIMATES):
        # A caregiver who may not see them.
        return care_extensions.MyPagePart(context=lambda: {"estimates": [], "estimates_hidden": True})
    saved = SavedEstimate.objects.filter(patient=access.patient_for(request))[:20]
    return care_extensions.MyPagePart(context=lambda: {"estimates": list(saved)}, querysets=[saved])


care_extensions.register_my_page_part(my_page_estimates)


@receiver(post_save, sender=FeeSchedule)
@receiver(post_delete, sender=FeeSchedule)
@receiver(post_save, sender=Fee)
@receiver(post_delete, sender=Fee)
@receiver(post_save, sender=Procedure)
@receiver(post_delete, sender=Procedure)
def schedule_written(sender, **kwargs):
    """Any write to what the schedule snapshot holds (activating a schedule, a CSV import, a fee or a term edited
    in the admin, a procedure renamed, a revert from history) gives it a new version once the write commits."""
    snapshot.schedule_changed()


@receiver(post_save, sender=SavedEstimate)
@receiver(post_delete, sender=SavedEstimate)
def saved_estimate_written(sender, instance, raw=False, **kwargs):
    """Saved estimates are listed on My page."""
    if not raw:
        my_page_changed(instance.patient_id)
