"""factory_boy factories. Every tenant-owned factory takes an institution sub-factory."""

import factory
import faker

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


_FAKE = faker.Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    # Faker's names sometimes carry an apostrophe ("Patrick O'Donnell"), which a page shows
    # HTML-escaped: tests that look for a name in a page would pass or fail by chance. The
    # names here have none; tests of escaping name their people themselves.
    full_name = factory.LazyFunction(lambda: _FAKE.name().replace("'", ""))
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


#: The required trainings by their short names in tests.
SPECIALIST = "disciplinary_specialist"
UNCONSCIOUS_BIAS = "unconscious_bias"


def train(user, institution, *, on, expires=None, purposes=(SPECIALIST, UNCONSCIOUS_BIAS)):
    """Record that ``user`` completed the institution's module for each purpose on ``on``,
    in force until ``expires`` (None: never expires), as a training administrator would."""
    import datetime as dt

    from training.catalogue import training_catalogue_apply
    from training.models import Completion, Module
    from training.services.roster import learner_for_membership

    if isinstance(on, str):
        on = dt.date.fromisoformat(on)
    training_catalogue_apply(institution=institution)
    membership = Membership.objects.for_institution(institution).get(user=user)
    learner = learner_for_membership(membership=membership)
    for purpose in purposes:
        module = Module.objects.for_institution(institution).filter(purpose=purpose).first()
        Completion.objects.create(institution=institution, learner=learner, module=module,
                                  completed_on=on, expires_on=expires,
                                  source=Completion.Source.MANUAL)
    return user


def api_token(user, institution, **kwargs) -> str:
    """The key of a new API token of ``user``'s membership of ``institution`` (accounts.tokens)."""
    from accounts.models import Membership
    from accounts.tokens import api_token_create

    membership = Membership.objects.for_institution(institution).get(user=user)
    return api_token_create(membership=membership, name=kwargs.pop("name", "tests"),
                            **kwargs)[1]
