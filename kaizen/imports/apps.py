# The registry module, not its class: Django takes an apps.py's only AppConfig subclass as
# the app's config, and an imported base class would be a second one.
from kaizen import registry


class ImportsConfig(registry.KaizenAppConfig):
    name = "kaizen.imports"
    label = "imports"
    demo_loader = "kaizen.imports.demo.load_demo_sources"
