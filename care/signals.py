"""Signals of the patient's journey, for apps that build on it (outcomes schedules its reminders)."""

from django.dispatch import Signal

# Sent with `pathway` once a patient is put on a pathway or its surgery date moves.
pathway_dated = Signal()
