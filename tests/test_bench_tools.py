"""The bench's own parts: reading wrk's summary, the results file, the bench-only query counter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conference.bench import report, wrk
from conference.middleware import QueryCountMiddleware

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8123/themas/?q=eenzaamheid
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   412.10ms  120.55ms   1.21s    71.20%
    Req/Sec    19.83      8.41    50.00     70.00%
  Latency Distribution
     50%  398.42ms
     75%  480.10ms
     90%  560.77ms
     99%    1.12s
  391 requests in 10.04s, 12.40MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:     38.94
Transfer/sec:      1.23MB
"""


def test_wrk_summary_is_read_with_units():
    result = wrk.parse(WRK_OUTPUT)

    assert (result.requests, result.rps, result.seconds) == (391, 38.94, 10.04)
    assert (result.p50_ms, result.p99_ms) == (398.42, 1120.0)
    assert (result.non_2xx, result.socket_errors["timeout"], result.errors) == (3, 2, 5)


def test_wrk_summary_without_errors_counts_none():
    clean = WRK_OUTPUT.replace("  Socket errors: connect 0, read 0, write 0, timeout 2\n", "").replace(
        "  Non-2xx or 3xx responses: 3\n", ""
    )

    assert wrk.parse(clean).errors == 0


def test_something_else_than_a_wrk_summary_is_refused():
    with pytest.raises(ValueError, match="Not a wrk summary"):
        wrk.parse("wrk: command not found")


def test_each_target_replaces_only_its_own_section(tmp_path):
    results = tmp_path / "latest.md"

    report.write_section(results, "bench", "## make bench\n\nfirst")
    report.write_section(results, "bench-scale", "## make bench-scale\n\nscaled")
    report.write_section(results, "bench", "## make bench\n\nsecond")

    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Bench results")
    assert "second" in text
    assert "first" not in text
    assert text.count("## make bench-scale") == 1
    assert text.index("## make bench\n") < text.index("## make bench-scale")


def test_the_table_shows_share_latency_errors_and_queries():
    line = report.Line("home", "anonymous", 123.4, 0.0525, 12.3, 250.0, 0, "6")

    assert "| home | anonymous | 123.4 | 5.25% | 12.3 | 250 | 0 | 6 |" in report.table([line])


def _line(label, visitor, share, p99=20.0):
    return report.Line(label, visitor, 100 * share, share, 10.0, p99, 0, "2")


def test_the_other_scale_is_read_back_from_the_results_file(tmp_path):
    results = tmp_path / "latest.md"
    lines = [
        _line("/healthz (ceiling)", "anonymous", 1.0),
        _line("theme search ?q=eenzaamheid", "anonymous", 1.05),
        _line("one theme (themes like this one)", "resident", 0.0912),
    ]
    report.write_section(results, "bench scale 0.1", "## make bench, scale 0.1\n\n" + report.table(lines))

    shares = report.shares_in_section(results.read_text(encoding="utf-8"), "bench scale 0.1")

    assert shares[("theme search ?q=eenzaamheid", "anonymous")] == pytest.approx(1.05)
    assert shares[("one theme (themes like this one)", "resident")] == pytest.approx(0.0912)
    assert report.shares_in_section("", "bench scale 0.1") == {}


def test_theme_rows_of_both_scales_are_compared_within_twenty_percent():
    small = {("theme search ?q=eenzaamheid", "anonymous"): 1.00, ("one theme (themes like this one)", "anonymous"): 1.0}
    large = {
        ("theme search ?q=eenzaamheid", "anonymous"): 0.90,
        ("one theme (themes like this one)", "anonymous"): 0.50,
        ("home", "anonymous"): 0.10,
    }

    texts = report.scale_comparison(large, "1", "0.1", small)

    assert len(texts) == 2
    assert "= 0.90, within 20 %" in texts[0]
    assert "= 0.50, NOT within 20 %" in texts[1]
    assert "not measured yet" in report.scale_comparison(large, "1", "0.1", {})[0]


def test_the_latency_target_counts_the_writes_too():
    lines = [
        _line("/healthz (ceiling)", "anonymous", 1.0),
        _line("home", "resident", 0.2, p99=120),
        _line("200-session programme", "resident", 0.1, p99=400),
        report.Line("registering for sessions", "residents", 20.0, 0.02, 800.0, 1060.0, 0, "27"),
        _line(report.CEILING_AGAIN, "anonymous", 1.0, p99=900),  # the ceiling is no target row
    ]

    latency = next(text for text in report.targets(lines) if text.startswith("p99"))

    assert "2 of 3 rows" in latency
    assert "registering for sessions (residents) 1,060 ms" in latency


@pytest.mark.django_db
def test_the_query_counter_reports_every_query_of_a_request(client, settings):
    settings.MIDDLEWARE = ["conference.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("themes:list"))

    assert response.status_code == 200
    assert int(response[QueryCountMiddleware.HEADER]) == len(captured.captured_queries)
    assert len(captured.captured_queries) > 0


@pytest.mark.django_db
def test_the_query_counter_is_off_unless_the_bench_asks_for_it(client):
    response = client.get(reverse("themes:list"))

    assert QueryCountMiddleware.HEADER not in response


def test_a_run_at_one_scale_brings_the_comparison_of_both_sections_up_to_date(tmp_path):
    results = tmp_path / "latest.md"

    def run(scale, search_share):
        lines = [_line("/healthz (ceiling)", "anonymous", 1.0), _line("theme search ?q=x", "anonymous", search_share)]
        body = f"## make bench, scale {scale}\n\n{report.table(lines)}\n\nTargets:\n\n- every page: 2 of 2 rows"
        report.write_section(results, f"bench scale {scale}", body)
        report.compare_scales(results, scale)

    run("1", 0.90)
    assert "- scale 0.1: not measured yet" in results.read_text(encoding="utf-8")
    run("0.1", 1.00)
    run("1", 0.50)  # scale 1 again: the 0.1 section must now say what this run says

    text = results.read_text(encoding="utf-8")
    small, large = (text.split(f"<!-- bench scale {s}:start -->")[1].split("-->")[0] for s in ("0.1", "1"))
    expected = "- theme search ?q=x (anonymous): 100.00% at scale 0.1, 50.00% at scale 1 (scale 1 / scale 0.1 = 0.50"
    for section in (small, large):
        assert section.count("(scale 1 / scale 0.1 = ") == 1
        assert expected in section
        assert "- every page: 2 of 2 rows" in section  # the targets stay
    assert "not measured yet" not in text
