from datetime import timedelta

import factory

from conference.models import Outcome, Recap, Session, TableTalk
from tests.factories import EditionFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    conference = factory.SubFactory(EditionFactory)
    kind = Session.Kind.CHOICE
    title = factory.Sequence(lambda n: f"Sessie {n}")
    starts_at = factory.LazyAttribute(lambda o: o.conference.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    needs_registration = True


class TableTalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TableTalk

    conference = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Tafelonderwerp {n}")
    table_label = factory.Sequence(lambda n: f"Tafel {n}")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    table_talk = factory.SubFactory(TableTalkFactory)
    text = factory.Sequence(lambda n: f"Opbrengst {n}")
    kind = Outcome.Kind.IDEA
    order = factory.Sequence(lambda n: n)


class RecapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recap

    conference = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Terugblik {n}")
    introduction = "Een mooie middag."
    status = Recap.Status.PUBLISHED
