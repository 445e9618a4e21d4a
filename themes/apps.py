from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes")

    def ready(self):
        # Registers the theme blocks, the personal-data sections and the search documents.
        from themes import panels, personal_data, search_documents  # noqa: F401 - registrations
