from django.contrib import admin

from portal.outbox.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What was queued and sent: written by the reminder tasks, read by staff."""

    list_display = ("purpose", "recipient", "subject", "due_at", "claimed_at")
    list_filter = ("purpose",)
    list_select_related = ("recipient",)
    search_fields = ("recipient__email", "subject")
    readonly_fields = ("purpose", "recipient", "subject", "due_at", "claimed_at", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a sent reminder's row is what keeps it from being sent again
