"""Password rules: 12 characters for patients, 15 for staff, common passwords refused, no composition rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD


def messages_for(password, user):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_patients_need_12_characters(patient):
    assert messages_for("tulip garden", patient) == []  # 12, lower case and a space: fine
    [message] = messages_for("tulip garde", patient)
    assert "at least 12 characters" in message


def test_staff_need_15_characters(editor):
    assert messages_for("tulip garden sky", editor) == []
    [message] = messages_for("tulip gardensk", editor)
    assert "at least 15 characters" in message


def test_superusers_count_as_staff(superuser):
    assert "at least 15 characters" in messages_for("tulip gardensk", superuser)[0]


def test_common_passwords_are_refused_whatever_their_length(patient):
    assert "too common" in " ".join(messages_for("1q2w3e4r5t6y7u8i9o0p", patient))
    assert "too common" in " ".join(messages_for("q1w2e3r4t5y6", patient))


@pytest.mark.parametrize("password", ["ALLCAPSWORDSHERE", "lowercase only words", "123498765432123"])
def test_no_composition_rules(patient, password):
    assert messages_for(password, patient) == []


def test_absurdly_long_passwords_are_refused_with_the_limit(patient):
    assert "128 characters or fewer" in messages_for("x" * 129, patient)[0]


def test_the_password_change_page_tells_staff_the_staff_minimum(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "tulip gardensk", "new_password2": "tulip gardensk"},
    )
    assert response.status_code == 200
    assert "at least 15 characters" in response.text
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
