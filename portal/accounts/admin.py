from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.forms import PortalUserChangeForm, UserAddForm
from portal.accounts.identity import normalize_email
from portal.accounts.models import EmailChange, User
from portal.accounts.services import two_factor_reset
from portal.accounts.tasks import send_email_change_notice
from portal.accounts.tasks import send_invitation as send_invitation_task
from portal.audit.admin import PatientDataAdminMixin
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record


class EmailChangeInline(admin.TabularInline):
    """The person's own email-change requests, read only: staff see whether one is waiting, never the links."""

    model = EmailChange
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "old_email",
        "new_email",
        "created_at",
        "new_confirmed_at",
        "old_confirmed_at",
        "applied_at",
        "cancelled_at",
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(PatientDataAdminMixin, BaseUserAdmin):
    inlines = [EmailChangeInline]
    # Staff opening or changing a person's record is audited (portal.audit).
    audit_actions = {
        "view": AuditEvent.Action.USER_VIEWED,
        "add": AuditEvent.Action.USER_ADDED,
        "change": AuditEvent.Action.USER_CHANGED,
        "delete": AuditEvent.Action.USER_DELETED,
    }
    add_form = UserAddForm
    form = PortalUserChangeForm
    add_fieldsets = ((None, {"fields": ("email", "first_name", "last_name", "date_of_birth", "role")}),)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("first_name", "last_name", "date_of_birth", "text_size")}),
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
    actions = ["send_invitation", "reset_two_factor"]

    def get_inline_instances(self, request, obj=None):
        # Adding a person asks only for the basics; assignments come after.
        return super().get_inline_instances(request, obj) if obj else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            # Only superusers give staff roles; the care team adds patients only.
            form = type(form.__name__, (form,), {"may_add_staff": request.user.is_superuser})
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.last_login is not None and request.user.is_superuser:
            # A superuser changing the address of an account in use says why (PortalUserChangeForm).
            first = dict(fieldsets[0][1], fields=("email", "email_change_reason", "password"))
            fieldsets = ((fieldsets[0][0], first), *fieldsets[1:])
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Only superusers may change who is staff, a superuser, or in which group.
        if request.user.is_superuser:
            return self.readonly_fields
        readonly = (*self.readonly_fields, "groups", "is_staff", "is_superuser", "user_permissions")
        if obj is not None and obj.last_login is not None:
            # No takeover through an email change: an account in use keeps its address (issue 28).
            readonly = ("email", *readonly)
        return readonly

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups")
        # Only superusers see or change staff accounts; the care team works with patients.
        if not request.user.is_superuser:
            users = users.filter(is_staff=False, is_superuser=False)
        return users

    def get_search_results(self, request, queryset, search_term):
        # An address is searched in its stored form, so "ſam@x" finds "sam@x" and "samıra@x" finds nobody else.
        if "@" in search_term:
            return queryset.filter(email=normalize_email(search_term)), False
        return super().get_search_results(request, queryset, search_term)

    def user_change_password(self, request, id, form_url=""):
        # Staff send an invitation instead; only superusers set someone's password.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _audit(self, kind, obj, detail=None, actions=None):
        # Additions and changes of a person name the roles they have afterwards.
        if actions is None and kind in ("add", "change") and isinstance(obj, User):
            detail = {
                **(detail or {}),
                "roles": sorted(group.name for group in obj.groups.all()),
                "staff": obj.is_staff,
                "superuser": obj.is_superuser,
            }
        super()._audit(kind, obj, detail, actions)

    def save_model(self, request, obj, form, change):
        old_email = form.initial.get("email", "") if change else ""
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data and old_email and normalize_email(old_email) != obj.email:
            # The old address hears of it, so a changed address cannot quietly take over an account.
            detail = {"old_address_notified": True}
            if obj.last_login is not None:
                # Only a superuser gets here, with a reason. Whoever holds the account now is logged
                # out everywhere (the password is gone) and its devices removed; the owner is invited anew.
                detail.update(reason=form.cleaned_data.get("email_change_reason", "").strip()[:500], account_reset=True)
                two_factor_reset(user=obj)
                base_url = request.build_absolute_uri("/")
                transaction.on_commit(lambda: send_invitation_task.enqueue(obj.pk, base_url))
            audit_record(action=AuditEvent.Action.EMAIL_CHANGED, target=obj, detail=detail)
            transaction.on_commit(lambda: send_email_change_notice.enqueue(obj.pk, old_email))

    @admin.display(description=_("Roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.action(description=_("Send an invitation email (link to choose a password)"))
    def send_invitation(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        invited = [user for user in users if not user.has_usable_password()]
        refused = [user for user in users if user.has_usable_password()]
        for user in invited:
            audit_record(action=AuditEvent.Action.INVITATION_SENT, target=user)
            send_invitation_task.enqueue(user.pk, request.build_absolute_uri("/"))
        for user in refused:
            audit_record(action=AuditEvent.Action.INVITATION_REFUSED, target=user)
        if invited:
            self.message_user(
                request,
                ngettext("Sent %(count)d invitation.", "Sent %(count)d invitations.", len(invited))
                % {"count": len(invited)},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "Not sent to %(count)d person who already has a password: they can use "
                    "“Forgot your password?” on the login page.",
                    "Not sent to %(count)d people who already have a password: they can use "
                    "“Forgot your password?” on the login page.",
                    len(refused),
                )
                % {"count": len(refused)},
                messages.WARNING,
            )

    def has_reset_two_factor_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description=_("Reset two-step login and password, and send a new invitation"),
        permissions=["reset_two_factor"],
    )
    def reset_two_factor(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        for user in users:
            with transaction.atomic():
                two_factor_reset(user=user)
                audit_record(action=AuditEvent.Action.INVITATION_SENT, target=user, detail={"reset": True})
            send_invitation_task.enqueue(user.pk, request.build_absolute_uri("/"))
        self.message_user(
            request,
            ngettext(
                "Reset %(count)d account. The invitation link lets them choose a password and set up two-step login.",
                "Reset %(count)d accounts. The invitation link lets them choose a password and set up two-step login.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
