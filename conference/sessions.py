"""The session engine: Django's cached database sessions, with the signed-in person's id stored.

``SESSION_ENGINE = "conference.sessions"``. Each save writes the session to the shared cache and
to ``LoginSession`` (see ``conference.models.privacy``) with the user id beside it, so
:func:`end_sessions_of` finds every session of a person with one indexed query and removes each
from the table and the cache, instead of decoding every session there is.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.db import transaction


class SessionStore(CachedDBStore):
    @classmethod
    def get_model_class(cls):
        from conference.models import LoginSession

        return LoginSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance


def end_sessions_of(user_id: int) -> int:
    """Sign a person out everywhere: delete their session rows now, their cache entries after commit.

    Runs inside the caller's transaction: rolled back, the rows come back and the cache was not
    touched. Returns how many sessions there were.
    """
    from conference.models import LoginSession

    sessions = LoginSession.objects.filter(user_id=user_id)
    keys = [SessionStore.cache_key_prefix + key for key in sessions.values_list("session_key", flat=True)]
    sessions.delete()
    if keys:
        cache = caches[settings.SESSION_CACHE_ALIAS]
        transaction.on_commit(lambda: cache.delete_many(keys))
    return len(keys)
