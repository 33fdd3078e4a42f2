"""``couchtimer history`` output: one line (or JSON object) per run, then findings and advice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from couchtimer.core.demo import seed_story
from couchtimer.core.guidance import NOT_MEDICAL_ADVICE
from couchtimer.core.redflags import advice_for
from couchtimer.programmes import resolve_programme
from couchtimer.report.history_text import HEADER, history_json, history_lines

START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def test_text_lines_for_the_seed_runner() -> None:
    """Runs oldest first with worst/after/morning and where the marks fell; then the findings."""
    runs = seed_story(resolve_programme("nhs-c25k"), START)[8:11]
    lines = history_lines(list(reversed(runs)))
    assert lines[:4] == [
        HEADER,
        "16 Mar 2026 W3R3   completed                 0     -     0  -                 -",
        "18 Mar 2026 W4R1   completed                 3     1     0  4 (4/0)           lower back",
        "20 Mar 2026 W4R2   completed                 6     1     0  4 (4/0)           lower back",
    ]
    found = lines.index("What the history shows:")
    assert lines[found + 1 : found + 4] == [
        "  - Pain came in run segments, not in walks (8 of 8 marks, in 2 of 2 runs).",
        "  - It eased in the walks (you said so after 2 of 2 runs; the marks stopped when the "
        "walks came, in 2 of 2 runs).",
        "  - Worse on downhill runs (mean 6.0 vs 3.0 flat: 1 downhill run against 1 flat run).",
    ]
    assert "Suggestion: Rest, and see a GP or physiotherapist before your next run." in lines
    hints = lines.index("Hints you could try:")
    assert lines[hints + 1] == (
        "Shown because the pain came in run segments and eased in the walks (2 runs)."
    )
    assert "If it persists or worsens, see a physiotherapist." in lines
    assert lines[-1] == NOT_MEDICAL_ADVICE


def test_text_and_json_carry_the_advice_log_and_keep_an_unlifted_hold() -> None:
    """The log, newest first; a 'see a GP' shown earlier stands over a weaker suggestion."""
    from couchtimer.core.advice import AdviceEntry
    from couchtimer.core.guidance import Action, Rule

    story = seed_story(resolve_programme("nhs-c25k"), START)[:9]  # pain-free: "go on"
    runs = [replace(run, checkin=None) for run in story]  # no settled check-in lifts it
    hold = AdviceEntry(START, Action.REST, Rule.OVER_LIMIT, "Rest, and see a GP.", "6/10.",
                       runs[-1].uuid, "W3R3")  # fmt: skip
    lines = history_lines(runs, advice=[hold])
    assert "Suggestion: Rest, and see a GP." in lines
    log = lines.index("What CouchTimer suggested, and when (newest first):")
    assert lines[log + 1] == "  - 2 Mar 2026 after W3R3: Rest, and see a GP. (over-limit)"
    data = history_json(runs, advice=[hold])
    assert (data["guidance"]["rule"], data["advice_log"]) == ("held", [hold.to_row()])
    assert data["hints"] == []


def test_text_flags_red_flag_answers() -> None:
    """A run with a red-flag answer says so on its line, and the advice is urgent."""
    run = seed_story(resolve_programme("nhs-c25k"), START)[9]
    assert run.report is not None
    flagged = replace(run, report=replace(run.report, red_flags_yes=("fever",)))
    lines = history_lines([flagged])
    assert lines[1].endswith("lower back  RED FLAGS: see a doctor")
    assert (
        "Suggestion: Please do not run again yet: seek urgent medical help (see the red-flag advice)."
        in lines
    )


def test_text_and_json_give_the_red_flag_advice_most_recent_first() -> None:
    """Every run with a red-flag "yes" gets the NHS advice in full, most recent first: 999/A&E
    for an emergency symptom, an urgent GP or NHS 111 for the others; JSON carries the same
    text per run as red_flag_advice."""
    story = seed_story(resolve_programme("nhs-c25k"), START)
    first, second, calm = story[9], story[10], story[11]
    assert first.report is not None
    assert second.report is not None
    urgent = replace(first, report=replace(first.report, red_flags_yes=("fever",)))
    emergency = replace(second, report=replace(second.report, red_flags_yes=("bladder-bowel",)))
    lines = history_lines([urgent, emergency, calm])
    emergency_text = advice_for(["bladder-bowel"])
    urgent_text = advice_for(["fever"])
    assert emergency_text is not None
    assert urgent_text is not None
    start = lines.index("RED FLAGS after W4R2 on 20 Mar 2026:")
    assert lines[start + 1] == "  Get medical help now: call 999 or go to A&E."
    later = lines.index("RED FLAGS after W4R1 on 18 Mar 2026:")
    assert later > start
    shown = lines[start + 1 : later - 1]
    assert all(len(line) <= 100 for line in shown)
    paragraphs = " ".join(line.strip() or "|" for line in shown).split(" | ")
    assert paragraphs == emergency_text.text.split("\n\n")
    assert lines[later + 1] == "  Ask for an urgent GP appointment or call NHS 111 today."
    assert sum(line.startswith("RED FLAGS after") for line in lines) == 2
    data = history_json([urgent, emergency, calm])
    assert [r["red_flag_advice"] for r in data["runs"]] == [
        urgent_text.text,
        emergency_text.text,
        None,
    ]
    assert "call 999 or go to A&E" in data["runs"][1]["red_flag_advice"]


def test_text_when_there_are_no_runs() -> None:
    """An empty history says what to do."""
    assert history_lines([]) == ["No runs recorded yet. Record a run to see it here."]


def test_json_has_runs_findings_guidance_and_the_disclaimer() -> None:
    """Every run with its pain summary, in date order, plus what the history shows."""
    runs = seed_story(resolve_programme("nhs-c25k"), START)[9:11]
    data = history_json(runs)
    assert data["runs"][1] == {
        "id": 11,
        "programme": "nhs-c25k",
        "week": 4,
        "run": 2,
        "code": "W4R2",
        "started_at": "2026-03-20T07:30:00+00:00",
        "ended_at": "2026-03-20T08:01:30+00:00",
        "status": "completed",
        "day": "2026-03-20",
        "worst_during": 6,
        "highest_mark": 6,
        "after": 1,
        "next_morning": 0,
        "marks": 4,
        "marks_in_runs": 4,
        "marks_in_walks": 0,
        "run_share": 1.0,
        "mean_in_runs": 6.0,
        "mean_in_walks": None,
        "regions": ["lower-back"],
        "terrain": "downhill",
        "red_flags": [],
        "red_flag_advice": None,
        "notes": "Stabbing low in the back while running; gone as soon as I walk.",
    }
    assert [f["kind"] for f in data["findings"]] == [
        "run-segments",
        "eased",
        "terrain",
        "onset",
        "character",
        "region",
        "morning",
        "trend",
    ]
    assert data["findings"][0] == {
        "kind": "run-segments",
        "text": "Pain came in run segments, not in walks (8 of 8 marks, in 2 of 2 runs).",
        "runs": 2,
        "tag": "running",
    }
    assert [h["id"] for h in data["hints"]] == [
        "slow-pace",
        "cadence",
        "land-under-hips",
        "stay-tall",
        "downhill-steps",
        "flatter-route",
    ]
    assert data["guidance"]["rule"] == "over-limit"
    assert data["disclaimer"] == NOT_MEDICAL_ADVICE
    assert history_json([])["runs"] == []
