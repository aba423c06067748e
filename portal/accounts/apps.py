from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal.accounts import (
            receivers,  # connects the login signal
            user_cache,
        )

        user_cache.connect()  # what clears the cached logged-in user

        # Roles after every migrate, once: `roles_sync` makes the permissions of every app itself.
        post_migrate.connect(receivers.roles_after_migrate, sender=self, dispatch_uid="accounts_roles_after_migrate")
