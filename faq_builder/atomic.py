"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_open(path: str | os.PathLike[str], *, newline: str | None = None) -> Iterator[TextIO]:
    """Write to a uniquely named temporary file beside ``path``; move it into place only on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; the result should look like any other file
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    with atomic_open(path) as handle:
        handle.write(text)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class FileBatch:
    """Several file writes and removals that land together or not at all.

    Every new text is first written to a temporary file beside its target; only when all are on disk
    are they moved into place. If a move fails, the files already replaced get their old bytes back
    and files the batch created are removed, so a failed run leaves the folder as it was.
    """

    def __init__(self) -> None:
        self._writes: dict[Path, str] = {}
        self._removals: set[Path] = set()

    def write(self, path: str | os.PathLike[str], text: str) -> None:
        target = Path(path)
        self._removals.discard(target)
        self._writes[target] = text

    def remove(self, path: str | os.PathLike[str]) -> None:
        target = Path(path)
        self._writes.pop(target, None)
        self._removals.add(target)

    def staged(self, path: str | os.PathLike[str]) -> str | None:
        """The text this batch will write to ``path``, if any."""
        return self._writes.get(Path(path))

    def commit(self) -> None:
        staged: list[tuple[Path, str]] = []
        try:
            for target, text in self._writes.items():
                target.parent.mkdir(parents=True, exist_ok=True)
                descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
                os.chmod(temporary, 0o666 & ~_umask())
                with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                staged.append((target, temporary))
            done: list[tuple[Path, bytes | None]] = []
            try:
                for target, temporary in staged:
                    old = target.read_bytes() if target.exists() else None
                    os.replace(temporary, target)
                    done.append((target, old))
                for target in sorted(self._removals):
                    if target.exists():
                        old = target.read_bytes()
                        target.unlink()
                        done.append((target, old))
            except BaseException:
                for target, old in reversed(done):
                    if old is None:
                        target.unlink(missing_ok=True)
                    else:
                        with atomic_open(target, newline="") as handle:
                            handle.write(old.decode("utf-8"))
                raise
        finally:
            for _target, temporary in staged:
                Path(temporary).unlink(missing_ok=True)
        self._writes.clear()
        self._removals.clear()
