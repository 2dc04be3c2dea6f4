from __future__ import annotations

import random
import re
from collections import Counter
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest
import yaml

from faq_builder.errors import ConfigError
from faq_builder.sample import generator
from faq_builder.sample.generator import FIRST_ID, PHRASES, SPIKE_INTENT, generate_tickets

from .conftest import FROZEN_NOW


@pytest.fixture(scope="module")
def tickets():  # noqa: ANN201
    return list(generate_tickets(count=3000, days=28, seed=7, until=FROZEN_NOW))


def test_deterministic_per_seed() -> None:
    first = [(t.id, t.created_at, t.body) for t in generate_tickets(count=200, seed=3, until=FROZEN_NOW)]
    again = [(t.id, t.created_at, t.body) for t in generate_tickets(count=200, seed=3, until=FROZEN_NOW)]
    other = [(t.id, t.created_at, t.body) for t in generate_tickets(count=200, seed=4, until=FROZEN_NOW)]
    assert first == again != other


def test_volume_window_and_ids(tickets) -> None:  # noqa: ANN001
    assert len(tickets) == 3000
    assert all(FROZEN_NOW - timedelta(days=29) <= t.created_at < FROZEN_NOW for t in tickets)
    assert [t.id for t in tickets] == sorted(t.id for t in tickets)
    assert [t.created_at for t in tickets] == sorted(t.created_at for t in tickets)


def test_question_types_channels_languages(tickets) -> None:  # noqa: ANN001
    assert len(PHRASES.INTENTS) >= 25
    assert len({t.intent for t in tickets}) >= 25
    assert set(Counter(t.channel for t in tickets)) == {"email", "chat", "web_form", "social"}
    foreign = Counter(t.language for t in tickets if t.language != "en")
    assert set(foreign) == {"vi", "th", "bg", "zh"}
    assert 0.035 <= sum(foreign.values()) / len(tickets) <= 0.065


def test_wording_is_varied(tickets) -> None:  # noqa: ANN001
    wismo = [t.body for t in tickets if t.intent == "where_is_my_order" and t.language == "en"]
    assert len(set(wismo)) / len(wismo) > 0.9
    assert any(t.is_html for t in tickets)
    assert any("Sent from my iPhone" in t.body for t in tickets)
    assert any("wrote:" in t.body for t in tickets)


def test_arrivals_lean_to_evenings_and_nights(tickets) -> None:  # noqa: ANN001
    off_hours = sum(1 for t in tickets if t.created_at.hour >= 17 or t.created_at.hour < 9)
    assert off_hours / len(tickets) > 0.5


def test_confirmation_email_spike_in_last_week(tickets) -> None:  # noqa: ANN001
    spike = [t for t in tickets if t.spike]
    assert spike and all(t.intent == SPIKE_INTENT for t in spike)
    days = {t.created_at.date() for t in spike}
    assert len(days) == 3
    assert all(FROZEN_NOW - timedelta(days=8) <= t.created_at <= FROZEN_NOW - timedelta(days=3) for t in spike)
    baseline = [t for t in tickets if t.intent == SPIKE_INTENT and not t.spike]
    assert len(spike) > 3 * len(baseline) / 4  # far above a normal week


def test_personal_data_is_sprinkled_in(tickets) -> None:  # noqa: ANN001
    bodies = "\n".join(t.body for t in tickets)
    assert "@" in bodies and "+44" in bodies
    with_pii = [t for t in tickets if any(p in t.body for p in t.pii)]
    assert len(with_pii) / len(tickets) > 0.2


def test_replies_match_the_question(tickets) -> None:  # noqa: ANN001
    replied = [t for t in tickets if t.agent_reply]
    assert len(replied) / len(tickets) > 0.8
    returns = [t for t in replied if t.intent == "return_item" and t.language == "en"]
    assert all("return" in t.agent_reply.lower() for t in returns)  # type: ignore[union-attr]


def test_rejects_nonsense_sizes() -> None:
    with pytest.raises(ConfigError):
        list(generate_tickets(count=0))


def test_phrase_file_has_everything_the_generator_uses() -> None:
    text = resources.files("faq_builder.sample").joinpath("phrases.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    used = set(re.findall(r"\bP\.([A-Z_]+)", Path(generator.__file__).read_text(encoding="utf-8")))
    assert used and used <= set(data), sorted(used - set(data))
    for key, intent in data["INTENTS"].items():
        assert set(intent) >= {"category", "weight", "tags", "subjects", "asks", "context", "replies"}, key
        assert type(intent["weight"]) is int and intent["weight"] > 0, key
        assert all(intent[part] for part in ("tags", "subjects", "asks", "replies")), key
    assert set(data["FOREIGN"]) == set(generator._FOREIGN_GREETINGS)
    for language, intents in data["FOREIGN"].items():
        for key, wording in intents.items():
            assert key in data["INTENTS"], (language, key)
            assert all(wording[part] for part in ("subjects", "asks", "replies")), (language, key)
    assert set(data["FOREIGN_SLOTS"]) >= {"when_vi", "when_bg", "product_vi"}

    # Every wording is text (YAML reads unquoted yes/no/on/null/10 as something else) and fills only known slots.
    slots = set(generator._Composer(random.Random(0), FROZEN_NOW).slots(FIRST_ID, "Ann Lee", "ann@example.com"))

    def strings(value: object, where: str) -> list[tuple[str, str]]:
        if isinstance(value, dict):
            return [s for k, v in value.items() if k != "weight" for s in strings(v, f"{where}.{k}")]
        if isinstance(value, list):
            return [s for i, v in enumerate(value) for s in strings(v, f"{where}[{i}]")]
        assert isinstance(value, str), f"{where} is {value!r}, not text"
        return [(where, value)]

    for where, wording in strings(data, "phrases.yml"):
        unknown = set(re.findall(r"\{(\w+)\}", wording)) - slots
        assert not unknown, f"{where}: {sorted(unknown)}"
