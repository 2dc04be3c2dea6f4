from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from faq_builder.atomic import BusyError, FileBatch, atomic_open, atomic_write_text, folder_lock, pending_batch
from faq_builder.errors import FaqBuilderError


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("crash while writing")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_result_has_ordinary_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o644


def test_batch_rolls_back_when_a_move_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text("old a")
    (tmp_path / "gone.md").write_text("keep me")
    batch = FileBatch(tmp_path)
    batch.write(tmp_path / "a.md", "new a")
    batch.write(tmp_path / "sub" / "b.md", "new b")
    batch.remove(tmp_path / "gone.md")
    real, calls = os.replace, []

    def fail_second(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_second)
    with pytest.raises(OSError, match="disk full"):
        batch.commit()
    monkeypatch.undo()
    assert (tmp_path / "a.md").read_text() == "old a" and (tmp_path / "gone.md").read_text() == "keep me"
    assert not (tmp_path / "sub" / "b.md").exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.md", "gone.md"]
    batch.commit()
    assert (tmp_path / "a.md").read_text() == "new a" and (tmp_path / "sub" / "b.md").read_text() == "new b"
    assert not (tmp_path / "gone.md").exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.md", "b.md"]


CRASH_MIDWAY = """
import os, sys
from pathlib import Path
from faq_builder.atomic import FileBatch

root = Path(sys.argv[1])
batch = FileBatch(root)
for n in range(16):
    batch.write(root / f"e{n:02}.md", f"new {n}")
real, moves = os.replace, []

def replace(src, dst):
    real(src, dst)
    if str(dst).endswith(".md"):
        moves.append(dst)
        if len(moves) == 8:
            os._exit(9)  # as if killed: no cleanup, no rollback

os.replace = replace
batch.commit()
"""


def test_a_batch_killed_midway_is_finished_by_the_next_run(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for n in range(16):
        (content / f"e{n:02}.md").write_text(f"old {n}")
    crashed = subprocess.run([sys.executable, "-c", CRASH_MIDWAY, str(content)], check=False)
    assert crashed.returncode == 9
    assert pending_batch(content)
    assert [p.read_text() for p in sorted(content.glob("e*.md"))].count("old 15") == 1  # half done
    assert any(p.name.endswith(".tmp") for p in content.iterdir())
    with folder_lock(content):
        pass
    assert [p.read_text() for p in sorted(content.glob("e*.md"))] == [f"new {n}" for n in range(16)]
    assert not pending_batch(content)
    assert sorted(p.name for p in content.iterdir()) == [f"e{n:02}.md" for n in range(16)]


def test_stray_temporary_files_are_removed_under_the_lock(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    stray = tmp_path / "faq" / ".entry.md.k3j9x_q2.tmp"
    stray.write_text("half")
    (tmp_path / "faq" / ".notes.tmp").write_text("not ours")
    with folder_lock(tmp_path):
        pass
    assert sorted(p.name for p in (tmp_path / "faq").iterdir()) == [".notes.tmp"]


HOLD_LOCK = """
import sys, time
from faq_builder.atomic import folder_lock
with folder_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(30)
"""


def test_a_second_run_waits_then_fails_clearly(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(BusyError) as error, folder_lock(tmp_path, wait=0.3):
            pass
        assert str(error.value) == (
            f"{tmp_path}: another faq-builder run (pid {holder.pid}) is changing these files; "
            "try again when it has finished"
        )
    finally:
        holder.kill()
        holder.wait()
    with folder_lock(tmp_path, wait=5):  # released when its holder died
        pass


def test_a_batch_refuses_paths_outside_its_folder(tmp_path: Path) -> None:
    batch = FileBatch(tmp_path / "content")
    with pytest.raises(FaqBuilderError, match="outside"):
        batch.write(tmp_path / "content" / ".." / "escaped.md", "x")
    with pytest.raises(FaqBuilderError, match="outside"):
        batch.remove("/etc/passwd")
