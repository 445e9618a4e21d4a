#!/usr/bin/env python3
"""Audit the pinned requirements for known vulnerabilities with pip-audit; fail on a finding.

``make audit`` (and so ``.ci/run``) runs this. It asks each vulnerability service in turn
(PyPI's JSON API, then OSV) about every pinned package and its dependencies, and reads
pip-audit's JSON report itself, because pip-audit's own exit code is 0 when it could not audit
a package at all (PyPI answering 404, which it reports as "skipped"). A package counts as
audited only when some service answered for it. The result is one of:

- 0: every package was audited and none has a known vulnerability;
- 1: a package has a known vulnerability (listed with its ids and fixed versions);
- 2: some packages could not be audited by any service (listed with the reason): this is not
  a pass, since nothing is known about them.

``AUDIT_OSV_URL`` points the OSV service at another address (an OSV mirror inside a network
that cannot reach api.osv.dev); ``AUDIT_SERVICES`` (default ``pypi,osv``) picks the services.

Last resort for what neither service answered: PyPI's project page in JSON
(``https://pypi.org/pypi/<name>/json``) lists the known vulnerabilities *of the newest release*.
Where the installed version of a package is that newest release, this list is an audit of exactly
that version, and the package counts as audited; any other version stays "not audited".
``AUDIT_PYPI_URL`` overrides the base address (default ``https://pypi.org/pypi``).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

NOT_AUDITED, VULNERABLE, CLEAN = 2, 1, 0


@dataclass
class Audit:
    """What the services said, merged: a package counts as audited once one service answered for it."""

    audited: dict[str, str] = field(default_factory=dict)  # name -> version
    vulns: dict[str, list[dict]] = field(default_factory=dict)  # name -> findings
    skipped: dict[str, list[str]] = field(default_factory=dict)  # name -> reasons, one per service
    failures: list[str] = field(default_factory=list)  # services that gave no report at all
    versions: dict[str, str] = field(default_factory=dict)  # name -> version of a skipped package

    def add_report(self, service: str, report: dict) -> None:
        for dependency in report.get("dependencies", []):
            name = dependency["name"]
            if "skip_reason" in dependency:
                reason = dependency["skip_reason"]
                self.skipped.setdefault(name, []).append(f"{service}: {reason}")
                version = dependency.get("version") or re.search(r"\(([^()\s]+)\)\s*$", reason)
                if version:
                    self.versions[name] = version if isinstance(version, str) else version.group(1)
                continue
            self.audited[name] = dependency.get("version", "?")
            for vuln in dependency.get("vulns", []):
                self.vulns.setdefault(name, []).append(vuln)

    @property
    def not_audited(self) -> dict[str, list[str]]:
        return {name: reasons for name, reasons in self.skipped.items() if name not in self.audited}

    def verdict(self) -> int:
        if self.vulns:
            return VULNERABLE
        if self.not_audited or not self.audited:
            return NOT_AUDITED
        return CLEAN

    def summary(self) -> str:
        lines = []
        for name, vulns in sorted(self.vulns.items()):
            for vuln in vulns:
                ids = ", ".join([vuln["id"], *sorted(vuln.get("aliases", []))])
                fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
                lines.append(f"VULNERABLE {name} {self.audited[name]}: {ids} (fixed in {fixed})")
        if self.vulns:
            found = sum(map(len, self.vulns.values()))
            lines.append(f"pip-audit found {found} known vulnerabilities: upgrade the pins.")
        elif self.verdict() == NOT_AUDITED:
            lines.append("NOT AUDITED: no vulnerability service could check these packages, so nothing is known:")
            lines += [f"  {name}: {'; '.join(reasons)}" for name, reasons in sorted(self.not_audited.items())]
            lines += [f"  {failure}" for failure in self.failures]
            lines.append(
                f"{len(self.audited)} packages audited, {len(self.not_audited)} not. This is a failure, not a pass: "
                "let the machine reach pypi.org's JSON API or api.osv.dev, or set AUDIT_OSV_URL to an OSV mirror."
            )
        else:
            lines.append(f"pip-audit: {len(self.audited)} packages audited, no known vulnerabilities.")
        return "\n".join(lines)


def run_service(service: str, requirements: list[str], extra: list[str]) -> tuple[dict | None, str]:
    """One pip-audit run with one service; its JSON report, or None and why there is none."""
    with tempfile.TemporaryDirectory(prefix="audit-") as folder:
        output = Path(folder) / "report.json"
        command = [pip_audit(), "--vulnerability-service", service, "--format", "json", "--output", str(output)]
        command += ["--progress-spinner", "off", *extra]
        for requirement in requirements:
            command += ["--requirement", requirement]
        if service == "osv" and os.environ.get("AUDIT_OSV_URL"):
            command += ["--osv-url", os.environ["AUDIT_OSV_URL"]]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)  # noqa: S603 - fixed arguments
        if not output.exists():
            errors = [line for line in result.stderr.splitlines() if line.strip() and "is ignored" not in line]
            return None, f"{service}: pip-audit gave no report (exit {result.returncode}): {' | '.join(errors[-2:])}"
        return json.loads(output.read_text()), ""


def audit_latest_releases(audit: Audit) -> None:
    """Audit, from PyPI's project JSON, every package not yet audited whose installed version is the newest."""
    import urllib.error
    import urllib.request
    from importlib import metadata

    base = os.environ.get("AUDIT_PYPI_URL", "https://pypi.org/pypi").rstrip("/")
    for name in sorted(audit.not_audited):
        installed = audit.versions.get(name)
        if not installed:
            try:
                installed = metadata.version(name)
            except metadata.PackageNotFoundError:
                audit.skipped[name].append("pypi-latest: version unknown")
                continue
        try:
            with urllib.request.urlopen(f"{base}/{name}/json", timeout=30) as answer:  # noqa: S310 - fixed https base
                project = json.load(answer)
        except (OSError, ValueError, urllib.error.URLError) as error:
            audit.skipped[name].append(f"pypi-latest: {error}")
            continue
        newest = project.get("info", {}).get("version")
        if newest != installed or "vulnerabilities" not in project:
            audit.skipped[name].append(f"pypi-latest: {installed} is not the newest release ({newest})")
            continue
        audit.audited[name] = installed
        for vuln in project["vulnerabilities"]:
            if vuln.get("withdrawn"):
                continue
            finding = {
                "id": vuln.get("id", "?"),
                "aliases": vuln.get("aliases", []),
                "fix_versions": vuln.get("fixed_in", []),
            }
            audit.vulns.setdefault(name, []).append(finding)


def pip_audit() -> str:
    beside = Path(sys.executable).with_name("pip-audit")
    found = str(beside) if beside.exists() else shutil.which("pip-audit")
    if not found:
        sys.exit("pip-audit is not installed: make setup installs it from requirements-dev.txt.")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="+", help="pinned requirements files")
    parser.add_argument("--no-deps", action="store_true", help="audit the listed pins only, resolve nothing")
    args = parser.parse_args(argv)
    extra = ["--no-deps", "--disable-pip"] if args.no_deps else []
    audit = Audit()
    for service in os.environ.get("AUDIT_SERVICES", "pypi,osv").split(","):
        print(f"pip-audit with the {service} service ...", flush=True)
        report, failure = run_service(service.strip(), args.requirements, extra)
        if report is None:
            audit.failures.append(failure)
            continue
        audit.add_report(service, report)
        if audit.audited and not audit.not_audited:
            break  # every package has an answer: no need to ask the next service
    if audit.not_audited and os.environ.get("AUDIT_LATEST", "true") != "false":
        print("PyPI's project pages for what no service answered ...", flush=True)
        audit_latest_releases(audit)
    print(audit.summary())
    return audit.verdict()


if __name__ == "__main__":
    sys.exit(main())
