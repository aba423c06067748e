"""A patient's steps as an iCalendar file (RFC 5545), one all-day event per step."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def steps_ics(*, steps, link: str) -> bytes:
    """`steps` come from `selectors.timeline_for` (titles already in the reader's language)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLINIC_NAME}//Patient portal//EN")
    calendar.add("version", "2.0")
    now = timezone.now()
    for patient_step in steps:
        event = Event()
        event.add("uid", f"step-{patient_step.pk}@patient-portal")
        event.add("dtstamp", now)
        event.add("dtstart", patient_step.due_date)
        event.add("dtend", patient_step.due_date + timedelta(days=1))
        event.add("summary", patient_step.title)
        event.add("description", "\n\n".join(text for text in (patient_step.instructions, link) if text))
        event.add("url", link)
        calendar.add_component(event)
    return calendar.to_ical()
