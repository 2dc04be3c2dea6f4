"""Question types: one-offs left out, agents' replies as a second view (split and merge), stock replies ignored."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import numpy as np
import pytest

from faq_builder.clustering import _merge_by_replies, _reply_view, _split_by_replies, cluster_questions
from faq_builder.sample.generator import generate_tickets

from .conftest import FROZEN_NOW

NOW = datetime(2026, 11, 23, 18, tzinfo=UTC)

ONE_OFFS = [
    "Do you sponsor local football clubs?",
    "Is your CEO on LinkedIn?",
    "What music plays in your stores?",
    "Can I bring my dog to the warehouse?",
]
TRACKING = "Your parcel is on its way; follow it with the tracking link in your shipping email."
RETURNS = "Start a return from your order page; the label is free and the refund follows within 5 days."
STOCK = "Thanks for reaching out! We're looking into it and will get back to you shortly."


def test_one_off_questions_stay_unclustered_and_each_question_is_one_type() -> None:
    tickets = [t for t in generate_tickets(count=900, days=28, seed=2, until=NOW) if t.language == "en"]
    texts = [f"{t.subject}\n{t.body}" for t in tickets] + ONE_OFFS
    replies = [t.agent_reply or "" for t in tickets] + [""] * len(ONE_OFFS)
    labels = cluster_questions(texts, replies=replies).labels
    assert set(labels[-len(ONE_OFFS) :].tolist()) == {-1}
    types: dict[int, Counter[str]] = {}
    for ticket, label in zip(tickets, labels, strict=False):
        if label >= 0:
            types.setdefault(int(label), Counter())[ticket.intent] += 1
    asked = Counter(t.intent for t in tickets)
    main_types = {c.most_common(1)[0][0] for c in types.values() if sum(c.values()) >= 10}
    # Nearly every question asked at least 10 times has a type of its own, and few types stand for the same one.
    frequent = {intent for intent, n in asked.items() if n >= 10}
    assert len(frequent & main_types) >= 0.8 * len(frequent)
    assert len(types) <= 1.5 * len(asked)


def _paraphrases(text: str, count: int) -> list[str]:
    return [f"{text} Reference {number}." if number % 2 else text for number in range(count)]


def test_types_answered_with_one_macro_merge_and_stock_replies_join_nothing() -> None:
    labels = np.repeat([0, 1, 2], 12)
    replies = _paraphrases(TRACKING, 24) + _paraphrases(RETURNS, 12)
    rows, vectors = _reply_view(labels, replies, seed=0)
    merged = _merge_by_replies(labels, rows, vectors)
    assert merged[0] == merged[12] != merged[24]

    # Two different questions, most of each answered by the same stock text: they stay apart.
    replies = [STOCK] * 8 + _paraphrases(TRACKING, 4) + [STOCK] * 8 + _paraphrases(RETURNS, 4) + [""] * 12
    rows, vectors = _reply_view(labels, replies, seed=0)
    assert len(set(_merge_by_replies(labels, rows, vectors)[:24].tolist())) == 2


def test_a_type_splits_by_replies_only_where_the_wordings_agree() -> None:
    from faq_builder.clustering import question_vectors

    damaged = ["My item arrived damaged", "the item arrived broken", "item came damaged in the box"] * 5
    wrong = ["I got the wrong item", "wrong item arrived in my order", "you sent the wrong item"] * 5
    questions = question_vectors(damaged + wrong)
    labels = np.zeros(30, dtype=np.int64)
    replies = _paraphrases(RETURNS, 15) + _paraphrases(TRACKING, 15)
    rows, vectors = _reply_view(labels, replies, seed=0)
    split = _split_by_replies(labels, rows, vectors, questions, seed=0)
    assert len(set(split[:15].tolist())) == 1 and len(set(split[15:].tolist())) == 1 and split[0] != split[15]

    # One question answered with two templates at random (an incident, say): it stays whole.
    shuffled = [replies[i] for i in np.random.default_rng(0).permutation(30)]
    rows, vectors = _reply_view(labels, shuffled, seed=0)
    assert Counter(_split_by_replies(labels, rows, vectors, questions, seed=0).tolist()) == {0: 30}


@pytest.mark.parametrize("language", ["th", "zh"])
def test_thai_and_chinese_group_by_question(language: str) -> None:
    """Scripts without spaces between words: every group holds one question type, and types are kept apart."""
    tickets = [t for t in generate_tickets(count=8000, days=28, seed=3, until=FROZEN_NOW) if t.language == language]
    labels = cluster_questions([f"{t.subject}\n{t.body}" for t in tickets], min_size=1).labels
    groups: dict[int, Counter[str]] = {}
    for ticket, label in zip(tickets, labels, strict=True):
        groups.setdefault(int(label), Counter())[ticket.intent] += 1
    purity = sum(c.most_common(1)[0][1] for c in groups.values()) / len(tickets)
    assert purity >= 0.95
    assert len({c.most_common(1)[0][0] for c in groups.values()}) == len({t.intent for t in tickets})


def test_a_few_wordings_of_one_question_stay_one_group() -> None:
    wordings = ["Hi, where is my parcel? Order #0", "where is my parcel??", "Where is my parcel?", "Where's my parcel"]
    labels = cluster_questions(wordings * 3).labels
    assert set(labels.tolist()) == {0}
