from datetime import timedelta

import pytest
from django.utils import timezone

from conference.models import SiteSettings
from tests.factories import EditionFactory, PartnerFactory
from tests.workgroups.factories import GoalFactory, WorkgroupFactory, WorkgroupMembershipFactory
from workgroups.models import WorkgroupMembership


@pytest.fixture(autouse=True)
def _site(request):
    if request.node.get_closest_marker("django_db"):
        SiteSettings.load()


@pytest.fixture
def workgroup(db):
    return WorkgroupFactory()


@pytest.fixture
def lead(workgroup):
    user = PartnerFactory()
    WorkgroupMembershipFactory(workgroup=workgroup, user=user, role=WorkgroupMembership.Role.LEAD)
    return user


@pytest.fixture
def member(workgroup, lead):
    user = PartnerFactory()
    WorkgroupMembershipFactory(workgroup=workgroup, user=user)
    return user


@pytest.fixture
def goals(workgroup):
    return [GoalFactory(workgroup=workgroup), GoalFactory(workgroup=workgroup)]


@pytest.fixture
def edition(db):
    """An edition going on right now: reports can be written and decided."""
    now = timezone.now()
    return EditionFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=3))


@pytest.fixture
def future_edition(db):
    return EditionFactory(starts_at=timezone.now() + timedelta(weeks=3))
