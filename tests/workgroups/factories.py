import factory

from tests.factories import EditionFactory, UserFactory
from workgroups.models import Commitment, Goal, ProgressReport, Workgroup, WorkgroupMembership


class WorkgroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workgroup

    name = factory.Sequence(lambda n: f"Werkgroep {n}")
    slug = factory.Sequence(lambda n: f"werkgroep-{n}")
    focus = "Samen werken aan een inclusieve gemeente."
    status = Workgroup.Status.ACTIVE


class WorkgroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkgroupMembership

    workgroup = factory.SubFactory(WorkgroupFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.user.organisations.order_by("pk").first())
    role = WorkgroupMembership.Role.MEMBER
    status = WorkgroupMembership.Status.ACTIVE


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    workgroup = factory.SubFactory(WorkgroupFactory)
    title = factory.Sequence(lambda n: f"Doel {n}")
    progress = 20
    status = Goal.Status.IN_PROGRESS


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    workgroup = factory.SubFactory(WorkgroupFactory)
    conference = factory.SubFactory(EditionFactory)
    summary = "We hebben veel bereikt."
    achievements = "Een website\nNieuwe ontmoetingen"
    status = ProgressReport.Status.DRAFT


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    organisation = factory.SubFactory("tests.factories.OrganisationFactory")
    conference = factory.SubFactory(EditionFactory)
    description = "40 uur inzet van een sociaal werker"
