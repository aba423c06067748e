from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.forms import UserAddForm
from portal.accounts.models import User
from portal.accounts.tasks import send_invitation as send_invitation_task
from portal.audit.admin import AuditedAdminMixin
from portal.audit.models import AuditEvent


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    # Staff opening or changing a person's record is audited (portal.audit).
    audit_actions = {
        "view": AuditEvent.Action.USER_VIEWED,
        "add": AuditEvent.Action.USER_ADDED,
        "change": AuditEvent.Action.USER_CHANGED,
        "delete": AuditEvent.Action.USER_DELETED,
    }
    add_form = UserAddForm
    add_fieldsets = ((None, {"fields": ("email", "first_name", "last_name", "date_of_birth", "role")}),)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "date_of_birth")}),
        (_("Role and access"), {"fields": ("is_active", "groups")}),
        (
            _("Advanced"),
            {
                "classes": ("collapse",),
                "fields": ("is_staff", "is_superuser", "user_permissions", "last_login", "date_joined"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "first_name", "last_name", "roles", "is_active", "last_login")
    list_filter = ("groups", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("last_name", "first_name", "email")
    actions = ["send_invitation"]

    def get_inline_instances(self, request, obj=None):
        # Adding a person asks only for the basics; assignments come after.
        return super().get_inline_instances(request, obj) if obj else []

    def get_readonly_fields(self, request, obj=None):
        # Only superusers may change who is staff, a superuser, or in which group.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "groups", "is_staff", "is_superuser", "user_permissions")

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups")
        # Only superusers see or change staff accounts; the care team works with patients.
        if not request.user.is_superuser:
            users = users.filter(is_staff=False, is_superuser=False)
        return users

    def user_change_password(self, request, id, form_url=""):
        # Staff send an invitation instead; only superusers set someone's password.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.display(description=_("Roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.action(description=_("Send an invitation email (link to choose a password)"))
    def send_invitation(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            send_invitation_task.enqueue(user.pk, request.build_absolute_uri("/"))
        self.message_user(
            request,
            ngettext("Sent %(count)d invitation.", "Sent %(count)d invitations.", len(users)) % {"count": len(users)},
            messages.SUCCESS,
        )
