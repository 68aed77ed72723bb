# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry
from kaizen.accounts.roles import Capability


class ProjectsConfig(registry.KaizenAppConfig):
    name = "kaizen.projects"
    label = "projects"
    navigation = (
        registry.NavEntry(
            "Projects", "projects:project_list", Capability.VIEW, position=30, section="improvement"
        ),
    )
    home_panel = "projects/_home_panel.jinja"
    home_data = "kaizen.projects.home.home_data"
    org_defaults = "kaizen.projects.services.methods_install_defaults"
    demo_loader = "kaizen.projects.demo.load_demo_projects"
    news_source = "kaizen.projects.news.project_news"

    def ready(self) -> None:
        # Projects derive verdicts from measures' data; measures announce changes to it rather
        # than import projects.
        from kaizen.measures.signals import measure_changed, measures_changed
        from kaizen.projects.services import verdicts_follow_bulk_data, verdicts_follow_data

        measure_changed.connect(verdicts_follow_data, dispatch_uid="projects.verdicts_follow_data")
        measures_changed.connect(
            verdicts_follow_bulk_data, dispatch_uid="projects.verdicts_follow_bulk_data"
        )
