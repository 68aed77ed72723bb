# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry


class LeanConfig(registry.KaizenAppConfig):
    name = "kaizen.projects.lean"
    label = "lean"
    verbose_name = "Lean tools"
    demo_loader = "kaizen.projects.lean.demo.load_demo_lean"

    def ready(self) -> None:
        # Projects carry Lean tools; events (above) register themselves the same way.
        from kaizen.projects.lean.parents import register_projects

        register_projects()
