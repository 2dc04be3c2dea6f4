"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one.

A :class:`FileBatch` lands several files all or none, even across a crash (a journal), and a folder lock
(:func:`folder_lock`) keeps two runs from deciding on the same files at once.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from . import stop
from .errors import FaqBuilderError
from .workdir import state_of

#: Temporary files written here: ``.<name>.<8 random characters>.tmp`` beside their target.
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


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


def ensure_writable_folder(folder: str | os.PathLike[str], *, what: str) -> None:
    """Fail now, naming the folder and the fix, if ``what`` could not be written into ``folder`` later."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(dir=path, prefix=".faq-builder-probe.", suffix=".tmp")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        reason = error.strerror or str(error)
        raise FaqBuilderError(f"{path}: cannot write {what} there ({reason}); choose another folder") from error


class BusyError(FaqBuilderError):
    """Another faq-builder run is changing the same folder."""


@contextmanager
def folder_lock(root: str | os.PathLike[str], *, wait: float = 30.0) -> Iterator[None]:
    """Hold ``root``'s lock (waiting up to ``wait`` seconds for another run); finish its interrupted batch first.

    Commands that decide what to write from what is there (draft, approve, merge, ...) hold it from reading
    to writing, so two runs never both draft the same question.
    """
    lock = state_of(root, "lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise BusyError(
                        f"{root}: another faq-builder run ({holder}) is changing these files; "
                        "try again when it has finished"
                    ) from error
                time.sleep(0.1)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            recover(root)
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def pending_batch(root: str | os.PathLike[str]) -> bool:
    """Whether a batch was interrupted in ``root`` (a crash between its first and last move)."""
    return state_of(root, "journal.json").exists()


def recover(root: str | os.PathLike[str]) -> None:
    """Finish a batch a crash interrupted (its new files were all on disk before the first move), then remove
    temporary files that no batch will move. Call with ``root``'s lock held (see :func:`folder_lock`)."""
    base = Path(root)
    journal = state_of(root, "journal.json")
    if journal.exists():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            moves, removals = plan["moves"], plan["removals"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise FaqBuilderError(
                f"{journal}: an interrupted batch whose journal cannot be read ({error}); check the files it names, "
                "then delete it"
            ) from error
        for temporary, target in moves:
            if (base / temporary).exists():
                os.replace(base / temporary, base / target)
        for target in removals:
            (base / target).unlink(missing_ok=True)
        _sync_folder(base)
        journal.unlink()
    for path in base.rglob(".*.tmp"):
        if _TEMPORARY.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class FileBatch:
    """Several file writes and removals inside ``root`` that land together or not at all.

    Every new text is first written to a temporary file beside its target; only when all are on disk
    are they moved into place. If a move fails, the files already replaced get their old bytes back
    and files the batch created are removed, so a failed run leaves the folder as it was. A journal
    written before the first move lets the next run finish a batch a crash interrupted (:func:`recover`).
    Paths outside ``root`` are refused.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self._writes: dict[Path, str] = {}
        self._removals: set[Path] = set()

    def _inside(self, path: str | os.PathLike[str]) -> Path:
        target = Path(path)
        resolved_root = self.root.resolve()
        resolved = target.parent.resolve() / target.name
        if resolved_root not in resolved.parents:
            raise FaqBuilderError(f"{target}: outside {self.root}; refusing to write there")
        return target

    def write(self, path: str | os.PathLike[str], text: str) -> None:
        target = self._inside(path)
        self._removals.discard(target)
        self._writes[target] = text

    def remove(self, path: str | os.PathLike[str]) -> None:
        target = self._inside(path)
        self._writes.pop(target, None)
        self._removals.add(target)

    def staged(self, path: str | os.PathLike[str]) -> str | None:
        """The text this batch will write to ``path``, if any."""
        return self._writes.get(Path(path))

    def commit(self) -> None:
        if not self._writes and not self._removals:
            return
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
            stop.raise_if_requested()
            self._write_journal(staged)
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
            state_of(self.root, "journal.json").unlink(missing_ok=True)
        self._writes.clear()
        self._removals.clear()

    def _write_journal(self, staged: list[tuple[Path, str]]) -> None:
        """What the moves will be, relative to ``root``, on disk before the first of them."""
        base = self.root.resolve()

        def relative(path: str | Path) -> str:
            return Path(path).parent.resolve().joinpath(Path(path).name).relative_to(base).as_posix()

        plan = {
            "moves": [[relative(temporary), relative(target)] for target, temporary in staged],
            "removals": [relative(target) for target in sorted(self._removals)],
        }
        atomic_write_text(state_of(self.root, "journal.json"), json.dumps(plan, ensure_ascii=False))
