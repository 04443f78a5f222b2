from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import versions


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        versions.connect()
