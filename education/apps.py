from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Patient education")

    def ready(self):
        from django.db.models.signals import post_migrate

        from education import signals  # connects the cache invalidation and the search index

        post_migrate.connect(signals.search_index_after_migrate, sender=self)
