"""The Redis cache keeps one client per connection pool (conference/redis_cache.py) and still works as Django's."""

import os
import threading

import pytest
import redis

from conference.redis_cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis does not answer at {REDIS_URL}; CI needs it.")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "redis-cache-test"})
    yield cache
    cache.delete_many(["word", "count", *(f"thread-{n}" for n in range(8))])


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()

    redis_cache.set("word", "tafelgesprek", timeout=30)
    assert redis_cache.get("word") == "tafelgesprek"
    redis_cache.set("count", 1, timeout=30)
    assert redis_cache.incr("count") == 2
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: reads and writes share it


def test_threads_share_the_client_safely(redis_cache):
    errors = []

    def work(number):
        try:
            for _ in range(50):
                redis_cache.set(f"thread-{number}", number, timeout=30)
                assert redis_cache.get(f"thread-{number}") == number
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert redis_cache.get_many([f"thread-{n}" for n in range(8)]) == {f"thread-{n}": n for n in range(8)}
