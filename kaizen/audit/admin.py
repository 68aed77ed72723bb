from django.contrib import admin

from kaizen.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "actor_repr", "action", "target_type", "target_repr", "organisation"]
    list_filter = ["organisation", "action", "target_type"]
    search_fields = ["actor_repr", "target_repr"]

    # The trail is evidence: nobody edits or deletes it, not even superusers.
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
