from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from conference.models import Edition, Membership, Organisation, User

PASSWORD = "Een-veilig-testwachtwoord-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class CoordinatorFactory(UserFactory):
    is_coordinator = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = Organisation.Kind.WELFARE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PartnerFactory(UserFactory):
    membership = factory.RelatedFactory(MembershipFactory, factory_related_name="user")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    title = factory.Sequence(lambda n: f"Werkconferentie {n}")
    slug = factory.Sequence(lambda n: f"werkconferentie-{n}")
    motto = "Samen voor iedereen"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    mode = Edition.Mode.ON_SITE
    venue = "Gemeentehuis"
    is_published = True
