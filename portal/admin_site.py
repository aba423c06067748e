from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    """The Django admin, with articles overdue for review on its index page."""

    index_template = "admin/portal_index.html"

    def index(self, request, extra_context=None):
        from education.models import Article

        extra_context = extra_context or {}
        if request.user.has_perm("education.view_article"):
            extra_context["overdue_articles"] = Article.objects.review_overdue().order_by("next_review_due")
        return super().index(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
