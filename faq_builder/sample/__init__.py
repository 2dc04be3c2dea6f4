"""Realistic sample exports for a fictional shop, for the demo, the tests and benchmarks."""

from .generator import SampleSummary, generate_tickets, write_sample

__all__ = ["SampleSummary", "generate_tickets", "write_sample"]
