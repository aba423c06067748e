"""A date and time that ends in "p.m." is not followed by a second full stop."""

from django.urls import reverse
from django.utils import timezone

from tests.factories import AssignmentFactory


def test_my_page_has_no_double_full_stop_after_a_time(patient_client, patient):
    afternoon = timezone.make_aware(timezone.datetime(2026, 3, 2, 13, 15))
    AssignmentFactory(patient=patient, opened_at=afternoon)
    AssignmentFactory(patient=patient, opened_at=afternoon, finished_at=afternoon)
    html = patient_client.get(reverse("care:my_page")).text
    assert "First opened: March 2, 2026, 1:15 p.m." in html
    assert "Read on March 2, 2026, 1:15 p.m." in html
    assert "p.m.." not in html


def test_the_article_box_has_no_double_full_stop_either(patient_client, patient):
    afternoon = timezone.make_aware(timezone.datetime(2026, 3, 2, 13, 15))
    assignment = AssignmentFactory(patient=patient, opened_at=afternoon, finished_at=afternoon)
    html = patient_client.get(assignment.article.get_absolute_url()).text
    assert "You marked this as read on March 2, 2026, 1:15 p.m." in html
    assert "p.m.." not in html
