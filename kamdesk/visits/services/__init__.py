"""Writes of visits. Other capabilities call these (and only these)."""

from kamdesk.visits.services.presence import (
    visit_check_in,
    visit_code_confirm,
    visit_code_send,
    visit_photo_add,
)
from kamdesk.visits.services.record import (
    current_signature,
    onsite_item_add,
    onsite_item_hand_over,
    onsite_item_resolve,
    raised_need_add,
    raised_need_dispose,
    raised_need_to_request,
    signature_matches,
    visit_attach,
    visit_complete,
    visit_content,
    visit_record_save,
    visit_sign,
)
from kamdesk.visits.services.visits import (
    VisitInput,
    required_visit_create,
    visit_cancel,
    visit_create,
    visit_update,
)

__all__ = [
    "VisitInput",
    "current_signature",
    "onsite_item_add",
    "onsite_item_hand_over",
    "onsite_item_resolve",
    "raised_need_add",
    "raised_need_dispose",
    "raised_need_to_request",
    "required_visit_create",
    "signature_matches",
    "visit_attach",
    "visit_cancel",
    "visit_check_in",
    "visit_code_confirm",
    "visit_code_send",
    "visit_complete",
    "visit_content",
    "visit_create",
    "visit_photo_add",
    "visit_record_save",
    "visit_sign",
    "visit_update",
]
