"""A mail server that is down for the first message it gets (to prove retries)."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise ConnectionError("mail server unavailable")
        return super().send_messages(messages)
