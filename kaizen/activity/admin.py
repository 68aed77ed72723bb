from django.contrib import admin

from kaizen.activity.models import FailedTask, Notification, ScheduledJob


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    # Installation admins also see the failures of no organisation (digests) here.
    list_display = ["failed_at", "task_path", "attempts", "organisation", "retried_at"]
    list_filter = ["organisation", "task_path"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "recipient", "kind", "text", "read_at", "emailed_at"]
    list_filter = ["organisation", "kind"]


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "next_run_at", "last_run_at"]
