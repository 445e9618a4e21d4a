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
    "TRUSTED_PROXY_COUNT": "1",
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


def test_check_deploy_warns_when_the_visitor_address_behind_the_proxy_is_unknown():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "TRUSTED_PROXY_COUNT"}

    unknown = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    header = _manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "CLIENT_IP_HEADER": "X-Real-IP"})
    no_proxy = _manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "BEHIND_TLS_PROXY": "false"})

    assert unknown.returncode != 0
    assert "portal.W001" in unknown.stdout + unknown.stderr
    assert header.returncode == 0, header.stdout + header.stderr
    assert no_proxy.returncode == 0, no_proxy.stdout + no_proxy.stderr


def test_start_up_without_secret_key_fails_clearly():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_build_commands_run_without_secret_key_but_serving_commands_do_not():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    build = _manage("makemigrations", "--check", "--dry-run", env=env)
    serve = _manage("migrate", "--plan", env=env)

    assert build.returncode == 0, build.stderr
    assert "No changes detected" in build.stdout
    assert serve.returncode != 0
    assert "SECRET_KEY is not set" in serve.stderr


def test_development_key_refused_in_production():
    from conference import settings as portal_settings

    env = {**PRODUCTION_ENV, "SECRET_KEY": portal_settings._INSECURE_DEV_KEY}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "development SECRET_KEY" in result.stderr


def _setting(expression, env):
    result = _manage("shell", "-c", f"from django.conf import settings; print({expression})", env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's own note on auto-imports


def test_cache_is_the_database_by_default_and_redis_when_configured():
    assert _setting("settings.CACHES['default']['BACKEND']", env=PRODUCTION_ENV).endswith("DatabaseCache")
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert _setting("settings.CACHES['default']['BACKEND']", env=env) == "conference.redis_cache.RedisCache"
    assert _setting("settings.CACHES['default']['LOCATION']", env=env) == "redis://127.0.0.1:6379/3"


def test_email_is_console_by_default_and_smtp_when_configured():
    without_smtp = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_HOST"}
    backend = "settings.MAILERS['default']['BACKEND']"
    assert _setting(backend, env=without_smtp) == "django.core.mail.backends.console.EmailBackend"
    assert _setting(backend, env=PRODUCTION_ENV) == "django.core.mail.backends.smtp.EmailBackend"
    assert _setting("settings.MAILERS['default']['OPTIONS']['host']", env=PRODUCTION_ENV) == "smtp.example.org"


def test_database_comes_from_database_url():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://portal:secret@db.example.org:5433/werkconferentie"}
    assert _setting("settings.DATABASES['default']['ENGINE']", env=env) == "django.db.backends.postgresql"
    assert _setting("settings.DATABASES['default']['HOST'], settings.DATABASES['default']['PORT']", env=env) == (
        "db.example.org 5433"
    )
    assert _setting("settings.DATABASES['default']['ENGINE']", env=PRODUCTION_ENV) == "django.db.backends.sqlite3"


HSTS = "settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD"
HSTS_OPT_IN = {**PRODUCTION_ENV, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true", "SECURE_HSTS_PRELOAD": "true"}


def test_hsts_is_on_but_subdomains_and_preload_are_opt_in():
    assert _setting(HSTS, env=PRODUCTION_ENV) == "31536000 False False"
    assert _setting(HSTS, env=HSTS_OPT_IN) == "31536000 True True"


def test_only_the_reminders_about_the_hsts_opt_ins_are_silenced_and_only_while_off():
    assert _setting("settings.SILENCED_SYSTEM_CHECKS", env=PRODUCTION_ENV) == "['security.W005', 'security.W021']"
    assert _setting("settings.SILENCED_SYSTEM_CHECKS", env=HSTS_OPT_IN) == "[]"


def test_check_deploy_is_clean_with_the_hsts_opt_ins_too():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=HSTS_OPT_IN)

    assert result.returncode == 0, result.stdout + result.stderr


def test_private_media_accel_redirect_comes_from_the_environment_and_is_checked():
    env = {**PRODUCTION_ENV, "PRIVATE_MEDIA_ACCEL_REDIRECT": "/private-media/"}
    assert _setting("repr(settings.PRIVATE_MEDIA_ACCEL_REDIRECT)", env=PRODUCTION_ENV) == "''"
    assert _setting("settings.PRIVATE_MEDIA_ACCEL_REDIRECT", env=env) == "/private-media/"

    result = _manage("check", env={**PRODUCTION_ENV, "PRIVATE_MEDIA_ACCEL_REDIRECT": "private-media"})

    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ACCEL_REDIRECT must start and end with a slash" in result.stderr
