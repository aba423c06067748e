"""Settings for the test suite: the real settings, with test-only speed-ups."""

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The tests cover Spanish even where a clinic has switched it off.
LANGUAGES = [("en", "English"), ("es", "Spanish")]
# Many tests call the same API in a burst from one address; tests/test_security_rate_limits.py turns limits on.
RATE_LIMITS_ENABLED = False
