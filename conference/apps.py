from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Work conference")

    def ready(self):
        # Each registers itself: the searched kinds, the audited models, the security-event receivers,
        # the personal-data sections.
        from conference import audit_trail, personal_data_sections, search_documents, security_events  # noqa: F401
