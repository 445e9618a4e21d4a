from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes")

    def ready(self):
        from themes import audit_trail, panels, personal_data, search_documents  # noqa: F401 - each registers itself
