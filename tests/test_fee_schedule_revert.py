"""Reverting a fee schedule to an old version never makes two schedules active; the admin says why."""

from datetime import date as day
from decimal import Decimal

from django.urls import reverse

from estimates.models import FeeSchedule
from estimates.services import schedule_activate


def test_reverting_an_old_active_version_keeps_one_active_schedule_and_says_so(
    client, billing, verified_login, schedule
):
    newer = FeeSchedule.objects.create(
        name="Medicare 2027", year=2027, effective_date=day(2027, 1, 1), part_b_deductible=Decimal("300.00")
    )
    schedule_activate(schedule=newer)
    old_version = schedule.history.filter(is_active=True).earliest("history_date")
    verified_login(client, billing)
    url = reverse("admin:estimates_feeschedule_simple_history", args=[schedule.pk, old_version.history_id])
    data = {
        "name": "Medicare 2026",
        "year": 2026,
        "effective_date": "2026-01-01",
        "part_b_deductible": "283.00",
        "coinsurance_rate": "0.20",
        "source_note": "",
        "part_a_deductible": "1736.00",
        "ma_moop_limit": "9250.00",
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "reverting does not change which schedule the calculator uses" in response.text
    assert list(FeeSchedule.objects.filter(is_active=True)) == [newer]
