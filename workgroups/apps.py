from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Workgroups")

    def ready(self):
        from workgroups import audit_trail, panels, personal_data, search_documents  # noqa: F401 - each registers itself
