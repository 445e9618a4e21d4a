from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Work conference")

    def ready(self):
        from conference import (  # noqa: F401 - registers the personal-data sections and the search documents
            personal_data_sections,
            search_documents,
        )
