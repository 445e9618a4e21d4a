"""Two app servers share what they must: a sign-in, rate-limit counters and cache invalidation.

Two real gunicorn processes (production settings, Redis as the shared cache) run against the test
database; the checks of ``make bench-scale`` (``conference/bench/proofs.py``) talk HTTP to both.
Each check would fail with per-process state: with a local-memory cache the rate limit would need
twice the attempts and the changed name would stay cached on the instance that did not change it.
"""

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from conference.bench import proofs, servers
from conference.models import User
from tests.factories import PASSWORD, UserFactory
from tests.shared_redis import REDIS_URL, redis_or_skip

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the servers must see the committed rows
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two servers cannot share the in-memory SQLite test database"
    ),
]

_REDIS = {"BACKEND": "conference.redis_cache.RedisCache", "LOCATION": REDIS_URL}
# As the instances configure it from REDIS_URL (conference/settings.py): the page cache shares the Redis.
REDIS_CACHE = {"default": _REDIS, "pages": {**_REDIS, "KEY_PREFIX": "pages"}}


@pytest.fixture(scope="module")
def servers_on_the_test_database(django_db_setup, django_db_blocker):
    """Two gunicorn instances, started once for this module (each takes seconds to start)."""
    redis_or_skip("the scale-out test")
    with django_db_blocker.unblock():
        database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    env = servers.production_env(
        DATABASE_URL=f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        REDIS_URL=REDIS_URL,
        STATIC_MANIFEST="false",  # no collectstatic here: the checks are about shared state, not assets
        SECRET_KEY="scale-out-test-" + "k" * 50,
    )
    first = servers.Gunicorn(env=env, workers=1)
    try:
        second = servers.Gunicorn(env=env, workers=1)
    except RuntimeError:
        first.stop()
        raise
    try:
        yield first.port, second.port
    finally:
        second.stop()
        first.stop()


@pytest.fixture
def two_instances(servers_on_the_test_database):
    """The two instances, with this process on the same Redis and no counters from an earlier test."""
    with override_settings(CACHES=REDIS_CACHE):
        cache.clear()
        yield servers_on_the_test_database


def test_a_sign_in_on_one_instance_holds_on_the_other(two_instances):
    resident = UserFactory(display_name="Ineke Inwoner")
    # The servers run with production settings, whose hashers do not include the tests' fast MD5.
    User.objects.filter(pk=resident.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt"))

    check = proofs.signed_in_on_both(*two_instances, email=resident.email, password=PASSWORD, name="Ineke Inwoner")

    assert check.passed, check.text


def test_failed_logins_are_counted_across_instances_in_redis(two_instances):
    check = proofs.rate_limit_shared(*two_instances)

    keys = list(redis.Redis.from_url(REDIS_URL).scan_iter("*allauth:rl:*login_failed*"))
    assert check.passed, check.text
    assert keys, "no failed-login counter in Redis"


def test_a_change_clears_the_cache_of_both_instances(two_instances):
    check = proofs.invalidation_shared(*two_instances)

    assert check.passed, check.text
