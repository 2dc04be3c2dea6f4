"""Worker processes for the long stages (ingest's parsing, mining's redaction): how many, and how they start."""

from __future__ import annotations

import multiprocessing
import os


def default_workers() -> int:
    """One per core, at most 4 (beyond that the main process, reading and writing, is the bottleneck)."""
    return max(1, min(os.cpu_count() or 1, 4))


def worker_context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it: workers start at once and inherit what the parent loaded."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
