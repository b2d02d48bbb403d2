"""What the usage warehouse tells other apps, without importing them.

``events_ingested`` is sent after a run of ``usage_ingest`` stored new subscriber events
(port-out code requests, cancellations, downgrades ...), with ``count`` (the events
stored). Early warning listens, so a leaving event gets its alert and mandatory visit as
it is ingested rather than at the next scheduled run; usage does not import risk.
"""

from __future__ import annotations

from django.dispatch import Signal

events_ingested = Signal()
