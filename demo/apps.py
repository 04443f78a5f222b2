from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set (`seed_demo` and its builders): no models, and no app imports it."""

    name = "demo"
    # Not marked for translation: an app without models shows its name nowhere.
    verbose_name = "Demo data"
