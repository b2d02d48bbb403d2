"""The commitments side of a visit: a need raised during a visit becomes a commitment.

Dependencies run one way: commitments reads and disposes of visit needs through the
visits app's selectors and services; visits never imports commitments (its page links
here by the URL name ``commitments:from_need``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from kamdesk.commitments.models import Commitment, SourceKind
from kamdesk.commitments.services import CommitmentInput, commitment_create
from kamdesk.core.errors import ValidationFailed
from kamdesk.users.models import User
from kamdesk.visits.models import NeedDisposition, RaisedNeed
from kamdesk.visits.selectors import visits_visible_to


def need_get(*, user: User, need_id: int) -> RaisedNeed:
    """A raised need of a visit the user may see, or 404."""
    need = (
        RaisedNeed.objects.select_related("visit__customer", "visit__manager")
        .filter(pk=need_id, visit__in=visits_visible_to(user=user).values("pk"))
        .first()
    )
    if need is None:
        raise Http404("No such need")
    return need


def need_to_commitment(
    *,
    actor: User,
    need: RaisedNeed,
    title: str,
    due_on: dt.date | None,
    now: dt.datetime | None = None,
) -> Commitment:
    """Record the commitment and dispose of the need as turned into one, together."""
    from kamdesk.visits.services import raised_need_dispose

    if need.disposition != NeedDisposition.PENDING:
        raise ValidationFailed(
            {
                "need": [
                    _("This need has been dealt with already (%(disposition)s).")
                    % {"disposition": need.get_disposition_display()}
                ]
            }
        )
    visit = need.visit
    data = CommitmentInput(
        customer=visit.customer,
        title=title,
        details=need.description,
        due_on=due_on,
        source_kind=SourceKind.VISIT_NEED,
        source_ref=f"{visit.planned_date:%Y-%m-%d}",
        source_need=need,
    )
    with transaction.atomic():
        commitment = commitment_create(actor=actor, data=data, now=now)
        raised_need_dispose(
            need=need,
            actor=actor,
            disposition=NeedDisposition.COMMITMENT,
            reason=_("Commitment: %(title)s") % {"title": commitment.title},
        )
    return commitment
