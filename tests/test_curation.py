"""The curation file (content/.curation.yml): missing means empty, invalid YAML named by file and line, save/load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from faq_builder.curation import CURATION_FILE, Curation, IgnoredQuestion, load_curation, save_curation
from faq_builder.errors import ContentError
from faq_builder.models import Problem


def test_a_missing_file_is_an_empty_curation(tmp_path: Path) -> None:
    assert load_curation(tmp_path) == Curation(ignored=[])
    assert load_curation(tmp_path / "no-such-folder").ignored == []


def test_invalid_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / CURATION_FILE
    path.write_text("ignored:\n- key: other/spam\n  question: win: a prize\n- key: other/test\n")
    with pytest.raises(ContentError) as error:
        load_curation(tmp_path)
    assert error.value.problems == (Problem(str(path), 3, "not valid YAML (mapping values are not allowed here)"),)
    assert str(error.value) == f"{path}:3: not valid YAML (mapping values are not allowed here)"


@pytest.mark.parametrize(
    "text",
    ["ignored:\n  key: other/spam\n", "ignored:\n- question: no key\n", "- key: other/spam\n", "ignored: yes\n"],
)
def test_a_file_of_another_shape_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / CURATION_FILE
    path.write_text(text)
    with pytest.raises(ContentError) as error:
        load_curation(tmp_path)
    assert error.value.problems == (
        Problem(str(path), 1, "expected 'ignored:' followed by a list of entries with a 'key'"),
    )


def test_saved_curation_loads_back_equal(tmp_path: Path) -> None:
    curation = Curation(
        [
            IgnoredQuestion(
                key="other/win-prize",
                question="Did I win a prize?",
                variants=("You won: claim now!", "Chúc mừng, bạn đã trúng thưởng"),
                reason="spam",
                by="Sam",
                at=date(2026, 11, 23),
            ),
            IgnoredQuestion(key="other/test", question="Test ticket, please ignore"),
        ]
    )
    save_curation(tmp_path, curation)
    text = (tmp_path / CURATION_FILE).read_text(encoding="utf-8")
    assert text.startswith("# Question types editors marked as not-for-the-FAQ (faq-builder ignore).")
    assert "Chúc mừng, bạn đã trúng thưởng" in text  # written as it reads, not as escapes
    assert load_curation(tmp_path) == curation

    save_curation(tmp_path, Curation())
    assert load_curation(tmp_path) == Curation()


@pytest.mark.parametrize("text", ["", "# nothing ignored yet\n", "ignored:\n", "ignored: []\n"])
def test_an_empty_curation_file_is_an_empty_curation(tmp_path: Path, text: str) -> None:
    (tmp_path / CURATION_FILE).write_text(text)
    assert load_curation(tmp_path) == Curation()
