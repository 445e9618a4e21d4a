from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Work conference")

    def ready(self):
        # Each registers itself: the searched kinds, the audited models, the security-event receivers
        # (sign-in and two-step login), the personal-data sections, the portal's deploy checks.
        from conference import (  # noqa: F401
            audit_trail,
            checks,
            page_cache,
            personal_data_sections,
            search_documents,
            second_factor,
            security_events,
        )

        page_cache.connect_signals()
