from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes")

    def ready(self):
        from themes import panels, search_documents  # noqa: F401 - registers the theme blocks and the search documents
