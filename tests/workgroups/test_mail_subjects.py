"""E-mail subjects are plain text: an apostrophe in a name stays an apostrophe (no ``&#x27;``)."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string

from tests.factories import EditionFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory

pytestmark = pytest.mark.django_db

EMAIL_DIR = Path(__file__).resolve().parents[2] / "workgroups" / "templates" / "workgroups" / "email"


@pytest.mark.parametrize("template", sorted(p.name for p in EMAIL_DIR.glob("*_subject.txt")))
def test_workgroup_subject_shows_an_apostrophe_as_it_is(template):
    workgroup = WorkgroupFactory(name="Ouders' netwerk & buurt")
    edition = EditionFactory(title="Heumen's werkconferentie")
    report = ProgressReportFactory(workgroup=workgroup, conference=edition)
    context = {"workgroup": workgroup, "report": report, "edition": edition}

    subject = render_to_string(f"workgroups/email/{template}", context)

    assert "Ouders' netwerk & buurt" in subject
    assert "&#x27;" not in subject and "&amp;" not in subject
