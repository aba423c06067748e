"""Settings for the test suite: the real settings, with test-only speed-ups."""

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The tests cover the Spanish machinery even while it is switched off for patients.
LANGUAGES = [("en", "English"), ("es", "Spanish")]
