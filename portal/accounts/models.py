from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.identity import normalize_email
from portal.accounts.roles import Role
from portal.choices import Language, TextSize


class UserManager(BaseUserManager):
    """Users log in with their email address; there is no user name."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # One rule for every way in (portal/accounts/identity.py); AbstractUser.clean uses it too.
        return normalize_email(email)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def patients(self):
        return self.filter(groups__name=Role.PATIENT)

    def get_by_natural_key(self, email):
        # Addresses are stored normalised, so the typed one is normalised and matched exactly.
        return self.get(email=normalize_email(email))


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=Language.choices,
        blank=True,
        help_text=_("The portal's language for this person; empty means the browser's."),
    )
    admin_language = models.CharField(
        _("admin language"),
        max_length=8,
        choices=Language.choices,
        blank=True,
        help_text=_("The admin's language for this staff member (switched in the admin header); empty is English."),
    )
    text_size = models.PositiveSmallIntegerField(
        _("text size"),
        choices=TextSize.choices,
        default=TextSize.NORMAL,
        help_text=_("How large this person reads the portal's text. They choose it in the page header."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # Whatever way a row is written (factories, shell, imports), the stored form is the normalised one.
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_patient(self) -> bool:
        return self.has_role(Role.PATIENT)

    def has_role(self, role: str) -> bool:
        return any(group.name == role for group in self.groups.all())
