"""Authentication backends that load the signed-in user together with whether they have a second factor.

Every page asks the rules about a coordinator, and ``is_coordinator`` (conference/rules.py) needs to know
whether they log in with two steps. Loading that with the user (an EXISTS in the same query, kept as
``_has_second_factor``) costs no query of its own on any page.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from conference.rules import second_factor_exists


class _LoadsSecondFactor:
    def _users(self):
        return get_user_model()._default_manager.annotate(_has_second_factor=second_factor_exists())

    def get_user(self, user_id):
        try:
            user = self._users().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        try:
            user = await self._users().aget(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_LoadsSecondFactor, DjangoModelBackend):
    """Django's own backend (used by the admin's login and by tests that sign someone in directly)."""


class AuthenticationBackend(_LoadsSecondFactor, AllauthAuthenticationBackend):
    """allauth's backend (the portal's login with e-mail address and password)."""


#: The backend a session made without a login form names (the bench, the load test): one Django will load.
SESSION_BACKEND = f"{ModelBackend.__module__}.{ModelBackend.__qualname__}"
