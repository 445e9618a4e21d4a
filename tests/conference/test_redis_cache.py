"""The Redis cache keeps one client per connection pool (conference/redis_cache.py) and still works as Django's."""

import threading

import pytest

from conference.redis_cache import RedisCache
from tests.shared_redis import REDIS_URL, redis_or_skip


@pytest.fixture
def redis_cache():
    redis_or_skip("the Redis cache test")
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
