# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class AccountsConfig(registry.KaizenAppConfig):
    name = "kaizen.accounts"
    label = "accounts"
    navigation = (
        registry.NavEntry("Home", "organisation:org_home", Capability.VIEW, position=0),
        registry.NavEntry(
            "Members",
            "organisation:member_list",
            Capability.MANAGE_ORGANISATION,
            position=90,
            also_current=("invitations/", "settings/"),
        ),
    )

    def ready(self) -> None:
        # Apps above accounts install their per-organisation defaults (methods, statuses, the
        # North Star) when an organisation is created, so no page has to create them on a read.
        from django.db.models.signals import post_save

        from kaizen.accounts.models import Organisation
        from kaizen.accounts.signals import organisation_saved

        post_save.connect(
            organisation_saved, sender=Organisation, dispatch_uid="accounts.organisation_saved"
        )
