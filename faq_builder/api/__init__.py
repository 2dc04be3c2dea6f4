"""The help site's feedback API (``faq-builder serve-api``): so votes and empty searches reach the shop's own store.

:func:`create_app` builds the ASGI application (Starlette), :func:`serve` runs it under Uvicorn. The paths,
bodies and status codes are in ``openapi.yaml`` (served at ``GET /openapi.json``).
"""

from __future__ import annotations

from .app import RateLimit, Suggesting, create_app
from .server import serve, site_origin

__all__ = ["RateLimit", "Suggesting", "create_app", "serve", "site_origin"]
