"""The surgeons' outcome summary is reached from the answers list and the admin home (issue 34), and its
breadcrumb is the admin's own, styled inside the header."""

from django.urls import reverse

SUMMARY = reverse("admin:outcomes_response_summary")


def test_the_answers_list_and_the_home_link_the_summary(client, reviewer, verified_login):
    verified_login(client, reviewer)
    assert SUMMARY in client.get(reverse("admin:outcomes_response_changelist")).text
    assert SUMMARY in client.get(reverse("admin:index")).text


def test_staff_who_cannot_read_answers_get_no_link(client, billing, verified_login):
    verified_login(client, billing)
    assert SUMMARY not in client.get(reverse("admin:index")).text


def test_the_breadcrumb_is_the_admins_styled_one(client, reviewer, verified_login):
    verified_login(client, reviewer)
    html = client.get(SUMMARY).text
    assert '<div class="breadcrumbs">' in html
    assert '<nav class="breadcrumbs"' not in html
    assert reverse("admin:outcomes_response_changelist") in html.split('<div class="breadcrumbs">')[1]
