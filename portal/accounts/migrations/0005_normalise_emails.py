"""Store every email address in its normalised form (portal/accounts/identity.py).

Two accounts whose addresses normalise to the same form are not merged: both
are left as they are and named in the output, for a superuser to resolve
(turn one off, or give it another address). Until then only the account that
already has the normalised form can log in with it.
"""

import logging
from collections import defaultdict

from django.db import migrations

from portal.accounts.identity import normalize_email

logger = logging.getLogger(__name__)


def normalise(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    by_form = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email"):
        by_form[normalize_email(email)].append((pk, email))
    collisions = []
    for form, accounts in by_form.items():
        if len(accounts) > 1:
            collisions.append((form, accounts))
            continue
        pk, email = accounts[0]
        if email != form:
            User.objects.filter(pk=pk).update(email=form)
    for form, accounts in collisions:
        message = "Email collision, not merged: %s is the normalised form of accounts %s." % (
            form,
            ", ".join(f"{pk} ({email})" for pk, email in accounts),
        )
        logger.warning(message)
        print(f"\n  {message}")  # noqa: T201 - shown to whoever runs migrate


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_text_size")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
