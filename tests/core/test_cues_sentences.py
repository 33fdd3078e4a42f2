"""Whole sentences: which recording says what the cue policy asks for (``recorded``)."""

from __future__ import annotations

import pytest

from couchtimer.core.cues import (
    CATALOGUE,
    RECORDINGS,
    SENTENCE_DURATIONS,
    SENTENCE_RUN_COUNTS,
    SENTENCES,
    CueChannel,
    CuePolicy,
    CueSettings,
    ducks_music,
    recorded,
    spoken_line,
    text_of,
)
from couchtimer.core.programme import SegmentKind
from couchtimer.programmes import resolve_programme
from tests.helpers.workouts import RUN, WALK, workout


def test_every_announcement_of_the_shipped_plan_is_said_in_whole_sentences() -> None:
    """NHS Couch to 5K: no segment start is joined from parts; the sentences say the same."""
    programme = resolve_programme("nhs-c25k")
    used: set[str] = set()
    for w in programme.workouts:
        p = CuePolicy(w, CueSettings())
        for index in range(len(w.segments)):
            parts = p.announcement(index)
            lines = recorded(parts)
            assert all(cue.startswith("line-") for cue in lines), (w.code, index, lines)
            assert spoken_line(lines) == spoken_line(parts)
            used.update(lines)
    assert used == {spec.id for spec in SENTENCES.values()}  # and none recorded for nothing


def test_the_sentence_list() -> None:
    """40 sentences: 17 segment announcements and 23 run counts, each one queued cue."""
    assert len(SENTENCES) == 40
    assert sum(len(durations) for durations in SENTENCE_DURATIONS.values()) == 17
    assert sum(SENTENCE_RUN_COUNTS) == 23
    # the shortest are an intro and a two-part duration (what `recorded` relies on)
    assert min(len(parts) for parts in SENTENCES) == 3
    assert SENTENCES["say-run-for", "num-5", "say-minutes"].id == "line-run-for-five-minutes"
    spec = SENTENCES["say-run-for", "num-20", "num-5", "say-minutes"]
    assert (spec.id, spec.text) == (
        "line-run-for-twenty-five-minutes",
        "Run for twenty five minutes",
    )
    spec = SENTENCES["say-warmup-for", "num-5", "say-minutes"]
    assert spec.text == "Warm up: brisk walk for five minutes"
    assert spec.id == "line-warm-up-brisk-walk-for-five-minutes"
    spec = SENTENCES["say-walk-for", "num-2", "say-and-a-half", "say-minutes"]
    assert spec.text == "Walk for two and a half minutes"
    assert SENTENCES["say-run", "num-8", "say-of", "num-8"].text == "Run eight of eight"
    assert all(s.channel is CueChannel.QUEUE and s.is_voice for s in SENTENCES.values())
    assert len(RECORDINGS) == len(CATALOGUE) + 40
    assert text_of(["line-run-one-of-two"]) == "Run one of two"


@pytest.mark.parametrize(
    ("parts", "plays"),
    [
        # the announcement of a week 1 run: two sentences after the chime
        (
            [
                "tone-run",
                "say-run-for",
                "num-60",
                "say-seconds",
                "say-run",
                "num-3",
                "say-of",
                "num-8",
            ],
            ["tone-run", "line-run-for-sixty-seconds", "line-run-three-of-eight"],
        ),
        # seven minutes was never recorded: parts, then the count as a sentence
        (
            ["say-run-for", "num-7", "say-minutes", "say-run", "num-2", "say-of", "num-2"],
            ["say-run-for", "num-7", "say-minutes", "line-run-two-of-two"],
        ),
        # "Run 1 of 2" is not taken out of "Run 1 of 25": a number continues the phrase
        (
            ["say-run", "num-1", "say-of", "num-20", "num-5"],
            ["say-run", "num-1", "say-of", "num-20", "num-5"],
        ),
        (
            ["say-run", "num-1", "say-of", "num-2", "num-5"],
            ["say-run", "num-1", "say-of", "num-2", "num-5"],
        ),
        # ...nor "Walk for two minutes" out of "two minutes thirty seconds"
        (
            ["say-walk-for", "num-2", "say-minutes", "num-30", "say-seconds"],
            ["say-walk-for", "num-2", "say-minutes", "num-30", "say-seconds"],
        ),
        # a sentence at the very end, and one followed by a part that starts a new phrase
        (
            ["say-halfway", "say-walk-for", "num-90", "say-seconds"],
            ["say-halfway", "line-walk-for-ninety-seconds"],
        ),
        (
            ["say-walk-for", "num-90", "say-seconds", "say-halfway"],
            ["line-walk-for-ninety-seconds", "say-halfway"],
        ),
        # already sentences, unknown ids and nothing pass through
        (["line-run-one-of-two", "no-such-cue"], ["line-run-one-of-two", "no-such-cue"]),
        ([], []),
    ],
)
def test_recorded_takes_whole_sentences_where_a_phrase_ends(
    parts: list[str], plays: list[str]
) -> None:
    assert recorded(parts) == plays


def test_a_custom_programme_falls_back_to_parts() -> None:
    """Durations the plan never uses are composed, and a count of 5 runs too."""
    w = workout(*[(RUN, 420), (WALK, 45)] * 5)
    p = CuePolicy(w, CueSettings())
    assert recorded(p.announcement(0)) == [
        *["say-run-for", "num-7", "say-minutes", "say-run", "num-1", "say-of", "num-5"]
    ]
    assert recorded(p.announcement(1)) == ["say-walk-for", "num-40", "num-5", "say-seconds"]


def test_every_kind_of_segment_has_a_sentence_list() -> None:
    assert set(SENTENCE_DURATIONS) == set(SegmentKind)


def test_speech_and_chimes_duck_music_but_pips_and_clicks_do_not() -> None:
    """Music is lowered under what speaks or marks a change, never under the countdown pips or
    the metronome (several a second, it would pump)."""
    assert ducks_music("tone-run") is True
    assert ducks_music("tone-finish") is True
    assert ducks_music("say-halfway") is True
    assert ducks_music("line-run-three-of-eight") is True
    assert ducks_music("tone-pip") is False
    assert ducks_music("tone-click") is False
