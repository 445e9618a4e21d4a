from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin, _user_has_perm
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .base import PeersQuerySet


class UserManager(BaseUserManager.from_queryset(PeersQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
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
        extra_fields.setdefault("is_coordinator", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The e-mail address is the login and is never shown publicly."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown on public pages instead of your e-mail address."),
    )
    is_coordinator = models.BooleanField(
        _("coordinator"),
        default=False,
        help_text=_("Coordinators (steering group) manage editions, themes, workgroups and roles."),
    )
    is_staff = models.BooleanField(_("admin access"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    #: The one account that stands in for every deleted person (``conference.privacy``): their
    #: themes, reports and outcomes stay, signed "former participant". Never signs in, gets no e-mail.
    is_placeholder = models.BooleanField(_("stands in for deleted accounts"), default=False, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = [Lower("display_name"), "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["is_placeholder"], condition=models.Q(is_placeholder=True), name="one_placeholder_user"
            ),
        ]

    def __str__(self):
        if self.is_placeholder:
            return gettext("former participant")
        return self.display_name or _("Participant %(number)s") % {"number": self.pk}

    def get_full_name(self):
        return str(self)

    def get_short_name(self):
        return str(self)

    def has_perm(self, perm, obj=None):
        """Django lets an active superuser do everything; here a superuser acts as coordinator only
        with a second factor (the rule ``is_coordinator`` in conference/rules.py). Until then the rules decide, as
        for anyone else."""
        from conference.rules import needs_second_factor

        if self.is_active and self.is_superuser and needs_second_factor(self):
            return _user_has_perm(self, perm, obj)
        return super().has_perm(perm, obj)

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        if not self.display_name and not self.is_placeholder:
            self.display_name = self.email.split("@")[0][:80]
        super().save(*args, **kwargs)
