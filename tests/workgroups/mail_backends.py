"""Mail servers for the tests: one down for the first message it gets, one slow."""

import time

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise ConnectionError("mail server unavailable")
        return super().send_messages(messages)


class SlowBackend(EmailBackend):
    """A mail server that takes its time, so a second worker arrives while the first still sends."""

    delay = 0.3

    def send_messages(self, messages):
        time.sleep(SlowBackend.delay)
        return super().send_messages(messages)
