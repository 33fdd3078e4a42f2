"""Files the tests share."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
# A JSON export (``couchtimer import`` takes it): the seed story's first 14 runs of the NHS plan,
# W1R1 to W5R2 from Monday 2 March 2026, with stabbing lower-back pain in the runs from week 4.
# Made with couchtimer.core.demo.seed_story(nhs-c25k, 2026-03-02 07:30 UTC, fixed_after="W5R2")[:14]
# inserted into an empty history, then `couchtimer export --format json`.
E2E_HISTORY = DATA / "e2e" / "week4-back-pain.json"
# A user's own programme with a 25-second W1R1 (4 s warm-up, 2 x (5 s run, 4 s walk), 3 s cool-down).
CUSTOM_PROGRAMME = DATA / "programmes" / "custom.toml"
