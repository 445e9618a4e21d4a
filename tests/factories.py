from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.utils import timezone

from conference.models import Edition, Membership, Organisation, User
from conference.second_factor import enrol_with_secret

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
    """A coordinator logs in with two steps: each gets an authenticator app with a secret of its own
    (``conference.second_factor.totp_secret``) and recovery codes; ``second_factor=False`` gives none."""

    is_coordinator = True

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        if create and extracted is not False:
            enrol_with_secret(user=self, secret=generate_totp_secret())


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
