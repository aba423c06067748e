"""The clinic's time zone comes from DJANGO_TIME_ZONE; a name Python does not know stops the start."""

import subprocess
import sys

from django.conf import settings


def zone_for(variables: dict[str, str]) -> subprocess.CompletedProcess:
    code = "import portal.settings as s; print(s.TIME_ZONE)"
    base = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR)}
    return subprocess.run(
        [sys.executable, "-c", code], env={**base, **variables}, capture_output=True, text=True, check=False
    )


def test_the_default_is_the_clinics_zone_new_york():
    result = zone_for({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "America/New_York"


def test_a_clinic_elsewhere_sets_its_own_zone():
    assert zone_for({"DJANGO_TIME_ZONE": "America/Chicago"}).stdout.strip() == "America/Chicago"


def test_an_unknown_zone_refuses_to_start_and_names_the_variable():
    result = zone_for({"DJANGO_TIME_ZONE": "Long Island"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_TIME_ZONE" in result.stderr
