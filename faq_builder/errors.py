"""One error family for the whole library.

Library code raises these; the CLI converts them to a clean message and exit
code 1 in one place, so no command needs its own try/except.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Problem


class FaqBuilderError(Exception):
    """Base class of every error faq-builder reports to a user."""


class InputFormatError(FaqBuilderError):
    """An input file cannot be read at all (unknown format, missing columns, unreadable)."""


class StoreError(FaqBuilderError):
    """The ticket store cannot be opened or written."""


class ConfigError(FaqBuilderError):
    """A setting or option value is invalid.

    ``details`` holds each problem as ``key.path: what is wrong; the fix``, for callers that place them on
    their line in the file (``check``).
    """

    def __init__(self, message: str, *, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = tuple(details)


class ContentError(FaqBuilderError):
    """An FAQ entry or the curation file cannot be read or is invalid.

    ``problems`` holds where (file, line) and what, for callers that list them (``check``) rather than
    parse them back out of the message.
    """

    def __init__(self, message: str, *, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class SiteError(FaqBuilderError):
    """The site cannot be built: invalid configuration, broken links, unknown placeholders (strict)."""
