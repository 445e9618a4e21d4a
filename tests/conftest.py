import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import CoordinatorFactory, PartnerFactory, UserFactory


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request under /en/ in one test leaves English
    active in the thread, and a service message in the next test would come out in English."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Tests create hundreds of users; the deliberately slow production hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_demo_password(settings):
    """pytest-django runs with DEBUG off, where load_demo refuses the public demo password."""
    settings.PORTAL_DEMO_PASSWORD = "test-demo-password-not-public"


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Each database test starts with an empty shared cache (rate limits, site settings)."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def partner(db):
    return PartnerFactory()


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory()


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def partner_client(client, partner):
    client.force_login(partner)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
