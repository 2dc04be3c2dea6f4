"""faq-builder: turn a shop's support tickets into a curated FAQ and self-service help site."""

__version__ = "0.1.0"
