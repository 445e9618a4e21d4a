from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Workgroups")

    def ready(self):
        # Registers the panels, the personal-data sections and the search documents.
        from workgroups import panels, personal_data, search_documents  # noqa: F401 - registrations
