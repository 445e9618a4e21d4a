"""The Redis the tests that need a real shared cache talk to: skipped without one, failing under CI."""

import os

import pytest
import redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def redis_or_skip(purpose: str) -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis does not answer at {REDIS_URL}; CI needs it for {purpose}.")
        pytest.skip(f"Redis does not answer at {REDIS_URL} (start one to run {purpose})")
