"""factory_boy factories for the project's models."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from creativeports.accounts.models import User
from creativeports.directory.enums import MembershipRole
from creativeports.directory.models import Membership, Organisation
from creativeports.taxonomy.models import Country, OrganisationType

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """A verified primary address, as allauth leaves it after the email link was clicked."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Studio {n}")
    slug = factory.Sequence(lambda n: f"studio-{n}")
    type = factory.LazyFunction(lambda: OrganisationType.objects.get(code="company"))
    country = factory.LazyFunction(lambda: Country.objects.get(code="PL"))
    city = "Gdańsk"
    description = "We design board games and picture books for children."
    description_lang = "en"
    email = factory.Sequence(lambda n: f"office{n}@studio.example")
    email_visibility = "private"
    phone = "+48 58 000 0000"
    phone_visibility = "members"
    contact_name = "Ewa Kowalska"
    contact_name_visibility = "public"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER
