from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
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

    def _get_session_auth_hash(self, secret=None):
        # A session belongs to one password and one address: changing either (a password change, a
        # superuser's reset, the person's own confirmed email change) ends every session made before,
        # except the one the change is made from (update_session_auth_hash). Django's own hash covers
        # the password only.
        return salted_hmac(
            "portal.accounts.User.get_session_auth_hash",
            f"{self.password}\x00{self.email}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_patient(self) -> bool:
        return self.has_role(Role.PATIENT)

    def has_role(self, role: str) -> bool:
        return any(group.name == role for group in self.groups.all())


class EmailChange(models.Model):
    """A person's own request to use a new email address, confirmed from both addresses.

    Two one-time links are sent: one to the new address and one to the old
    address. Only a hash of each link's token is kept. The address changes
    when both links have been opened by the logged-in person, within
    `LIFETIME` of the request and while the account still has `old_email`
    (a change made meanwhile kills the request).
    """

    LIFETIME = timedelta(hours=24)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_changes", verbose_name=_("person"))
    old_email = models.EmailField(_("old email address"))
    new_email = models.EmailField(_("new email address"))
    new_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    old_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    new_confirmed_at = models.DateTimeField(_("new address confirmed"), null=True, blank=True)
    old_confirmed_at = models.DateTimeField(_("old address confirmed"), null=True, blank=True)
    applied_at = models.DateTimeField(_("changed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("email address change")
        verbose_name_plural = _("email address changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self):
        return self.created_at + self.LIFETIME

    def is_open(self, now=None) -> bool:
        """Still waiting: not applied, not cancelled, not expired, and the account still has the old address."""
        return (
            self.applied_at is None
            and self.cancelled_at is None
            and (now or timezone.now()) < self.expires_at
            and self.user.email == self.old_email
        )
