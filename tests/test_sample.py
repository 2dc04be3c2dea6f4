from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from faq_builder.errors import ConfigError
from faq_builder.sample.generator import SPIKE_INTENT, generate_tickets
from faq_builder.sample.phrases import INTENTS

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
    assert len(INTENTS) >= 25
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
