import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3v!9sQ-production-like-secret-for-tests-only-8aZ2#xYw5pLm7nB0cD4eF6",
    "ALLOWED_HOSTS": "werkconferentie.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://werkconferentie.example.org",
    "EMAIL_HOST": "smtp.example.org",
}
# Variables the test process itself sets, which a production process would not have.
NOT_IN_PRODUCTION = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_start_up_without_secret_key_fails_clearly():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_key_refused_in_production():
    from conference import settings as portal_settings

    env = {**PRODUCTION_ENV, "SECRET_KEY": portal_settings._INSECURE_DEV_KEY}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "development SECRET_KEY" in result.stderr
