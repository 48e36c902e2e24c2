from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("DIDH coordinator")
    MANAGEMENT = "management", _("Management (read-only)")
    FOCAL_POINT = "focal_point", _("Focal point")
    VALIDATOR = "validator", _("Validator")
    ASSOCIATION = "association", _("Association")
    REVIEWER = "reviewer", _("Reviewer (call for projects)")


# Roles bound to one institution: they see only its work.
INSTITUTION_ROLES = frozenset({Role.FOCAL_POINT, Role.VALIDATOR})
# Back-office roles: staff pages, reference data; a second factor when MFA is required.
STAFF_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.COORDINATOR,
        Role.MANAGEMENT,
        Role.FOCAL_POINT,
        Role.VALIDATOR,
        Role.REVIEWER,
    }
)
