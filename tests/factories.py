import factory
from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _give_role(self, create, extracted)


class PatientFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _give_role(self, create, extracted or Role.PATIENT)


def _give_role(user, create, role):
    if create and role:
        user.groups.add(Group.objects.get(name=role))
        user.is_staff = role != Role.PATIENT
        user.save(update_fields=["is_staff"])
