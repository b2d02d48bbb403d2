"""Numbers BOSS offers for new lines. KAM Desk keeps no number pool: it asks BOSS's pool
(``<BOSS endpoint>/numbers``) and shows what BOSS offers; BOSS reserves the number when
the order reaches it, and rejects the order if the number has gone meanwhile."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.core.identifiers import IdentifierError, clean_subscriber_number
from kamdesk.customers.models import Subscriber
from kamdesk.orders.models import InterfaceKind
from kamdesk.orders.services.interface import interface_of, post_json

POOL_PATH = "numbers"
OFFER_SIZE = 20


def _pattern(text: str) -> str:
    pattern = (text or "").strip()
    if pattern and not (pattern.isdigit() and len(pattern) <= 11):
        raise ValidationFailed({"pattern": [_("Give up to 11 digits the number should contain.")]})
    return pattern


def pool_numbers(*, pattern: str = "", limit: int = OFFER_SIZE) -> list[str]:
    """The numbers BOSS offers that contain ``pattern``, without those a current
    subscriber holds here; a clear error naming ``pattern`` when BOSS cannot be asked."""
    wanted = _pattern(pattern)
    system = interface_of(InterfaceKind.BOSS)
    if system is None:
        raise ValidationFailed({"pattern": [_("The BOSS interface is not configured.")]})
    answer = post_json(system, {"pattern": wanted, "limit": limit}, path=POOL_PATH)
    if not answer.ok:
        raise ValidationFailed(
            {
                "pattern": [
                    _("BOSS's number pool did not answer (%(error)s); try again.")
                    % {"error": answer.error}
                ]
            }
        )
    offered: list[str] = []
    for raw in answer.data.get("numbers") or []:
        try:
            offered.append(clean_subscriber_number(str(raw)))
        except IdentifierError:
            continue  # BOSS's list is not trusted blindly: a malformed entry is skipped.
    held = set(
        Subscriber.objects.filter(number__in=offered, valid_to__isnull=True).values_list(
            "number", flat=True
        )
    )
    return [n for n in dict.fromkeys(offered) if n not in held][:limit]
