"""One error family for the whole library.

Library code raises these; the CLI converts them to a clean message and exit
code 1 in one place, so no command needs its own try/except.
"""


class FaqBuilderError(Exception):
    """Base class of every error faq-builder reports to a user."""


class InputFormatError(FaqBuilderError):
    """An input file cannot be read at all (unknown format, missing columns, unreadable)."""


class StoreError(FaqBuilderError):
    """The ticket store cannot be opened or written."""


class ConfigError(FaqBuilderError):
    """A setting or option value is invalid."""
