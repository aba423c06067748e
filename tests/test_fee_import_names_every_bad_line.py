"""The fee CSV import names every bad line in one go, in file order, and writes nothing."""

import re

from django.urls import reverse

from estimates.models import Fee, Procedure
from tests.test_estimate_csv_import import next_year, upload


def problems(html: str) -> list[str]:
    return re.findall(r"(Line \d+: [^<]+)", html)


def test_two_new_codes_without_names_are_both_named(client, billing, verified_login, schedule):
    new = next_year(client, billing, verified_login)
    response = upload(client, new, "cpt_code,medicare_approved\n63030,1200\n99998,5\n99999,6\n")
    assert response.status_code == 400
    assert problems(response.text) == [
        "Line 3: CPT 99998 is new, so give official_name and plain_name.",
        "Line 4: CPT 99999 is new, so give official_name and plain_name.",
    ]
    assert not Fee.objects.filter(schedule=new).exists()
    assert not Procedure.objects.filter(cpt_code__in=["99998", "99999"]).exists()


def test_bad_amounts_and_new_codes_are_listed_together_in_file_order(client, billing, verified_login, schedule):
    new = next_year(client, billing, verified_login)
    response = upload(client, new, "cpt_code,medicare_approved\n99999,5\n63030,lots\n6303,1\n")
    assert [line.split(":")[0] for line in problems(response.text)] == ["Line 2", "Line 3", "Line 4"]
    assert not Fee.objects.filter(schedule=new).exists()


def test_the_fee_schedule_list_shows_the_import_link_second(client, billing, verified_login, schedule):
    verified_login(client, billing)
    html = client.get(reverse("admin:estimates_feeschedule_changelist")).text
    header = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', html)
    assert header[:2] == ["name", "import_link"]
