"""Every endpoint and every download costs the same number of queries for 1 row as for 100.

The hub world is measured after one cycle (an edition with all its public data, and one row under each
object a detail shows), then after a hundred; the lists are asked for 100 items per page. The counts must
be equal, and within the bound measured when this was written.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db

#: The most queries any API answer may cost: count, page, and a fixed number of prefetches.
API_BOUND = 7
#: A download of one dataset; everything in one JSON file costs the sum of its datasets.
DOWNLOAD_BOUND = 5
ALL_BOUND = 22


def _addresses(hub) -> list[str]:
    lists = [
        "/api/v1/editions", "/api/v1/organisations", "/api/v1/table-talks", "/api/v1/recaps", "/api/v1/themes",
        "/api/v1/voting-rounds", "/api/v1/workgroups", "/api/v1/reports", "/api/v1/commitments",
    ]  # fmt: skip
    report = hub.workgroup.reports.order_by("pk").first()
    details = [
        "/api/v1/next-edition",
        f"/api/v1/editions/{hub.coming.slug}",
        f"/api/v1/organisations/{hub.organisation.slug}",
        f"/api/v1/table-talks/{hub.table_talk.pk}",
        f"/api/v1/recaps/{hub.edition.slug}",
        f"/api/v1/themes/{hub.theme.pk}",
        f"/api/v1/voting-rounds/{hub.round.pk}",
        f"/api/v1/workgroups/{hub.workgroup.slug}",
        f"/api/v1/reports/{report.pk}",
    ]
    downloads = [f"/open-data/{slug}.csv" for slug in DATASETS] + [f"/open-data/{slug}.json" for slug in DATASETS]
    return [f"{url}?page_size=100" for url in lists] + details + downloads + ["/open-data/alles.json", "/open-data/"]


def _measure(client, hub) -> dict[str, int]:
    counts = {}
    for url in _addresses(hub):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_data(client, hub):
    hub.add_cycle()
    one = _measure(client, hub)
    hub.add_cycles(99)
    hundred = _measure(client, hub)

    assert client.get("/api/v1/themes?page_size=100").json()["count"] > 100
    assert hundred == one
    for url, count in one.items():
        bound = API_BOUND if url.startswith("/api/") else ALL_BOUND if "alles" in url else DOWNLOAD_BOUND
        assert count <= bound, (url, count)
