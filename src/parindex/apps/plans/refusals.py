"""The refusal every write of the plans app raises: ``message`` is shown to people."""

from __future__ import annotations


class Refused(ValueError):  # noqa: N818 - a refusal shown to people, not a bug
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
