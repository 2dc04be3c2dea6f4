"""The ``faq-builder`` plugin's options in ``mkdocs.yml`` (``plugins: - faq-builder: ...``).

MkDocs checks each option's type here; the plugin then validates the shop's settings as a whole with
:meth:`faq_builder.settings.PortalConfig.from_mapping`, which names every problem with its key and the fix
(URLs must be https with a fixed host, known placeholders, valid time zone and days, ...). The same keys are
read by the other commands (``mine``, ``ingest``) through :func:`faq_builder.settings.load_settings`, whose
list of known keys (``settings.KEYS``) must stay in step with the options below.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["FaqBuilderConfig"]


class _Count(c.Type):
    """A whole number >= 0 (``c.Type(int)`` also takes -3 and True)."""

    def __init__(self, *, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise c.ValidationError(f"expected a whole number >= 0, e.g. {self.default}; got {value!r}")
        return value


class FaqBuilderConfig(base.Config):
    """Options of the ``faq-builder`` MkDocs plugin; every one is optional."""

    drafts = c.Optional(c.Type(bool))
    """Publish draft entries too, each under a "Draft: not published" banner. Unset (the default): drafts are
    shown under ``mkdocs serve`` / ``faq-builder serve`` and left out of ``build``."""

    top_questions = _Count(default=10)
    """How many of the most asked entries (most tickets first) the home page lists under "Top questions"."""

    languages = c.Type(list, default=[])
    """The languages customers write in, as ISO 639-1 codes (``[en, vi, th]``). Not used by the site itself:
    ``faq-builder ingest`` reads it to improve language detection on short messages (``--language`` wins)."""

    country = c.Optional(c.Type(str))
    """The shop's country, two letters (ISO 3166, e.g. ``DE``; quote ``"NO"``, which YAML reads as false). Not
    used by the site itself: the commands that redact or refuse personal data (``ingest``, ``mine``, ``draft``,
    ``approve``, ``check``) read phone numbers written without a country code as this country's."""

    products = c.Type(list, default=[])
    """The shop's product names as shoppers write them (``[rain jacket, hiking boots]``). Not used by the site
    itself: ``faq-builder report`` counts the tickets that name each one (besides the helpdesk's product field)."""

    portal = c.Type(dict, default={})
    """Self-service actions and their https URL templates, by action (``track_order``, ``start_return``,
    ``change_order``, ``order_history``): either the URL, or a mapping with ``url`` and optional ``label`` and
    ``description``. Placeholders (``{order_number}``, ``{email}``, ``{postcode}``, ``{phone}``,
    ``{last_name}``) become form fields; an action gets a page under ``portal/`` and a button on the home page
    and on entries whose ``self_service`` names it."""

    returns = c.Optional(c.Type(dict))
    """The returns policy listed on the portal page: ``window_days`` (also quoted as
    ``{{ shop.return_window_days }}``) and ``conditions`` (a list of sentences). Unset: no policy listed."""

    support_hours = c.Type(dict, default={})
    """When the support team answers: ``timezone`` (IANA name), ``days`` (``[mon, ..., fri]``), ``open`` and
    ``close`` (``"09:00"``), ``holidays`` (dates). Shown on the contact page and, live in the shopper's time,
    in the banner of every page."""

    shop = c.Type(dict, default={})
    """Shop facts that answers quote as ``{{ shop.NAME }}`` (names: lower case, digits, underscores), expanded
    at build time; an unknown name is a warning with file and line (an error under ``--strict``).
    ``support_email`` is also shown on the contact page."""

    feedback = c.Type(dict, default={})
    """``endpoint``: an https URL the browser POSTs "Was this helpful?" answers and searches without results
    to, as JSON. Unset: no feedback widget and nothing is sent."""
