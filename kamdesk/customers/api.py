"""The customers part of the HTTP API (/api/v1): one router made of two modules.

Every operation reads through ``kamdesk.customers.selectors`` (so the access scope is
the pages' scope), writes through ``kamdesk.customers.services``, and answers with the
schemas of ``kamdesk.customers.schemas``. Anything outside the caller's scope answers
404, exactly like an id that does not exist.
"""

from __future__ import annotations

from ninja import Router

from kamdesk.customers import api_customers, api_related

router = Router()
router.add_router("", api_customers.router)
router.add_router("", api_related.router)
