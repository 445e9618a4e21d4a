import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import override_settings
from django.utils import translation

from tests.factories import CoordinatorFactory, PartnerFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Tests create hundreds of users; the deliberately slow production hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_demo_password(settings):
    """pytest-django runs with DEBUG off, where load_demo refuses the public demo password."""
    settings.PORTAL_DEMO_PASSWORD = "test-demo-password-not-public"


@pytest.fixture(scope="session")
def _private_media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("private-media")


@pytest.fixture(autouse=True)
def _private_media_root(settings, _private_media_dir):
    """Private uploads (photos of table sheets) go to a temporary folder, never into the worktree."""
    settings.PRIVATE_MEDIA_ROOT = _private_media_dir


@pytest.fixture(autouse=True)
def _portal_language():
    """Each test starts in the portal's language: a request to an /en/ page, or a service that
    renders in a language, leaves that language active in this thread, and later tests would
    otherwise render English depending on the order they run in."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _page_cache_in_memory():
    """The whole-page cache keeps its pages in this process's memory, not in the database cache table:
    the query-count bounds then count the page's own queries, as they do in production with Redis."""
    pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"}
    with override_settings(CACHES={**django_settings.CACHES, "pages": pages}):
        yield


@pytest.fixture
def no_page_cache(settings):
    """Measure the page itself: tests of query counts render every page, none comes from the page cache."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries, no_page_cache):
    """pytest-django's fixture, with every page rendered (query counts are about the page, not the cache)."""
    return django_assert_num_queries


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries, no_page_cache):
    """pytest-django's fixture, with every page rendered (query counts are about the page, not the cache)."""
    return django_assert_max_num_queries


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
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


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
