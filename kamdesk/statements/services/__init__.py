"""Writes of the statements app, by sub-domain: ``rules`` (entitlement with the facts
from the database), ``documents`` (making documents), ``delivery`` (sending, retries,
reports), ``schedule`` (the monthly schedule, corrected bills), ``links`` (one-time
downloads), ``setup`` (authorisations and delivery preferences), ``jobs`` (large groups
in the background)."""
