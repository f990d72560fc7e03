"""factory_boy factories. Every tenant-owned factory takes an institution sub-factory."""

import factory

from accounts.models import Membership, MembershipRole, User
from institutions.models import ClosureDay, Institution
from institutions.services.setup import institution_apply_defaults


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"inst{n}")
    name = factory.LazyAttribute(lambda o: f"University {o.slug}")

    @factory.post_generation
    def defaults(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            institution_apply_defaults(institution=obj)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or ():
            MembershipRole.objects.create(institution=obj.institution, membership=obj, role=role)


class ClosureDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDay

    institution = factory.SubFactory(InstitutionFactory)
    reason = "University closure day"


def staff(institution, *roles, email=None):
    """A user who is a member of ``institution`` with ``roles``."""
    user = UserFactory(email=email) if email else UserFactory()
    MembershipFactory(institution=institution, user=user, roles=list(roles))
    return user
