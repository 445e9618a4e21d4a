"""The dependency audit of .ci/run (.ci/audit.py): a finding fails, and so does a package nobody could audit.

The vulnerability service is a small OSV-compatible server on 127.0.0.1 (pip-audit's
``--osv-url``), so the test needs no network and knows what the service says.
"""

import importlib.util
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "audit.py"

# The shape of a real OSV record (PYSEC-2021-7: Django 3.2 before 3.2.1, path traversal in uploads).
DJANGO_ADVISORY = {
    "id": "PYSEC-2021-7",
    "aliases": ["CVE-2021-31542", "GHSA-rxjp-mfm9-w4wr"],
    "summary": "MultiPartParser allowed directory traversal via uploaded files with suitably crafted file names.",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.2"}, {"fixed": "3.2.1"}]}],
        }
    ],
}


def _load_audit_module():
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def osv_server():
    """An OSV query endpoint that knows one advisory (Django >= 3.2, < 3.2.1). It records every query."""
    queries = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            queries.append(query)
            version = Version(query["version"])
            hit = query["package"]["name"] == "django" and Version("3.2") <= version < Version("3.2.1")
            body = json.dumps({"vulns": [DJANGO_ADVISORY]} if hit else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/query", queries
    server.shutdown()
    server.server_close()


def _audit(tmp_path, pins, osv_url):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(pins)
    env = {"AUDIT_SERVICES": "osv", "AUDIT_OSV_URL": osv_url, "PATH": str(Path(sys.executable).parent)}
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(SCRIPT), "--no-deps", str(requirements)],
        env={**env, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_audit_fails_on_a_known_vulnerable_pin(tmp_path, osv_server):
    url, queries = osv_server

    result = _audit(tmp_path, "Django==3.2.0\n", url)

    assert result.returncode == 1, result.stdout + result.stderr
    finding = "VULNERABLE django 3.2.0: PYSEC-2021-7, CVE-2021-31542, GHSA-rxjp-mfm9-w4wr (fixed in 3.2.1)"
    assert finding in result.stdout.splitlines()
    assert queries == [{"package": {"name": "django", "ecosystem": "PyPI"}, "version": "3.2.0"}]


def test_audit_passes_when_every_pin_was_audited_and_is_clean(tmp_path, osv_server):
    url, queries = osv_server

    result = _audit(tmp_path, "Django==3.2.1\nsqlparse==0.5.0\n", url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "pip-audit: 2 packages audited, no known vulnerabilities." in result.stdout
    assert sorted(query["package"]["name"] for query in queries) == ["django", "sqlparse"]


def test_audit_fails_loudly_when_the_service_cannot_be_reached(tmp_path):
    result = _audit(tmp_path, "Django==3.2.1\n", "http://127.0.0.1:9/v1/query")  # port 9: nobody listens

    assert result.returncode == 2, result.stdout + result.stderr
    assert "NOT AUDITED" in result.stdout
    assert "osv: pip-audit gave no report" in result.stdout
    assert "0 packages audited" in result.stdout


def test_a_skipped_package_is_not_audited_unless_another_service_answered_for_it():
    audit_module = _load_audit_module()
    skipped = "Dependency not found on PyPI and could not be audited: django (6.1.3)"
    audit = audit_module.Audit()

    audit.add_report("pypi", {"dependencies": [{"name": "django", "skip_reason": skipped}], "fixes": []})

    assert audit.verdict() == audit_module.NOT_AUDITED
    assert audit.not_audited == {"django": [f"pypi: {skipped}"]}

    audit.add_report("osv", {"dependencies": [{"name": "django", "version": "6.1.3", "vulns": []}], "fixes": []})

    assert audit.verdict() == audit_module.CLEAN
    assert audit.not_audited == {}


def test_an_empty_report_is_not_a_pass():
    audit_module = _load_audit_module()
    audit = audit_module.Audit()

    audit.add_report("pypi", {"dependencies": [], "fixes": []})

    assert audit.verdict() == audit_module.NOT_AUDITED


@pytest.fixture
def pypi_project_pages():
    """PyPI's project JSON for two packages: nh3 newest 0.3.8 with one advisory, icalendar newest 7.3.2, clean."""
    pages = {
        "nh3": {
            "info": {"version": "0.3.8"},
            "vulnerabilities": [
                {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-1"], "fixed_in": ["0.3.9"], "withdrawn": None}
            ],
        },
        "icalendar": {"info": {"version": "7.3.2"}, "vulnerabilities": []},
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            name = self.path.strip("/").split("/")[0]
            page = pages.get(name)
            body = json.dumps(page).encode() if page else b"{}"
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_newest_release_is_audited_from_the_project_page_and_an_older_one_is_not(monkeypatch, pypi_project_pages):
    audit_module = _load_audit_module()
    monkeypatch.setenv("AUDIT_PYPI_URL", pypi_project_pages)
    audit = audit_module.Audit()
    skipped = "Dependency not found on PyPI and could not be audited: {} ({})"
    audit.add_report(
        "pypi",
        {
            "dependencies": [
                {"name": "nh3", "skip_reason": skipped.format("nh3", "0.3.8")},
                {"name": "icalendar", "skip_reason": skipped.format("icalendar", "7.3.0")},
            ]
        },
    )

    audit_module.audit_latest_releases(audit)

    assert audit.audited == {"nh3": "0.3.8"}  # 7.3.0 is not the newest icalendar: its page says nothing about it
    assert [finding["id"] for finding in audit.vulns["nh3"]] == ["PYSEC-2099-1"]
    assert audit.verdict() == audit_module.VULNERABLE
    assert "icalendar" in audit.not_audited
    assert "7.3.0 is not the newest release (7.3.2)" in audit.not_audited["icalendar"][-1]
