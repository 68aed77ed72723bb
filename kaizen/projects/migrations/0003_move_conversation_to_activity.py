# Comments, the activity feed, notifications and preferences now live in kaizen.activity, whose
# migration 0002 copied every row first.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0002_move_from_projects"),
        ("projects", "0002_verdict_unreadable"),
    ]

    operations = [
        migrations.DeleteModel(name="Comment"),
        migrations.DeleteModel(name="Activity"),
        migrations.DeleteModel(name="Notification"),
        migrations.DeleteModel(name="NotificationPreference"),
    ]
