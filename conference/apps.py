from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Work conference")

    def ready(self):
        from conference import (
            checks,  # noqa: F401 - the portal's deploy checks
            search_documents,  # noqa: F401 - registers editions, sessions, outcomes, recaps
            second_factor,  # noqa: F401 - writes two-step login events to the security log
        )
