"""Authentication backends that load the signed-in user together with whether they have a second factor.

Every page asks the rules about a coordinator, and ``is_coordinator`` (conference/rules.py) needs to know
whether they log in with two steps; workgroup pages ask ``is_partner`` (a member of an organisation).
Loading both with the user (an EXISTS each in the same query, kept as ``_has_second_factor`` and
``_is_partner``) costs no query of their own on any page.

The portal's own permissions (``conference.register``, ``themes.vote``, ...) are rules: only the rules
backend decides them. Django's permission tables grant the admin's model permissions; asking them about a
rule would cost two queries per signed-in page and could never grant anything.
"""

import functools

import rules
from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from conference.rules import partner_exists, second_factor_exists


@functools.cache
def _users_with_roles():
    """Built once per process: resolving the two EXISTS costs more than the query that uses them. Each
    ``.get()`` works on a copy, so this queryset itself is never evaluated."""
    return get_user_model()._default_manager.annotate(
        _has_second_factor=second_factor_exists(), _is_partner=partner_exists()
    )


class _LoadsSecondFactor:
    def _users(self):
        return _users_with_roles()

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

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False  # the rules backend, first in AUTHENTICATION_BACKENDS, decides
        return super().has_perm(user_obj, perm, obj)

    async def ahas_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return await super().ahas_perm(user_obj, perm, obj)


class ModelBackend(_LoadsSecondFactor, DjangoModelBackend):
    """Django's own backend (used by the admin's login and by tests that sign someone in directly)."""


class AuthenticationBackend(_LoadsSecondFactor, AllauthAuthenticationBackend):
    """allauth's backend (the portal's login with e-mail address and password)."""


#: The backend a session made without a login form names (the bench, the load test): one Django will load.
SESSION_BACKEND = f"{ModelBackend.__module__}.{ModelBackend.__qualname__}"
