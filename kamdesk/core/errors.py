"""Errors the services raise; views and the API turn them into answers."""

from __future__ import annotations


class KamError(Exception):
    """Base of KAM Desk's own errors."""


class ValidationFailed(KamError):
    """Input failed validation; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()))
        self.errors = errors


class NotVisible(KamError):
    """The object does not exist for this user (answered as 404, never 403)."""
