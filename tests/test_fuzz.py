"""Fuzzers over the readers of outside files (issue 13, item 6; activity files: issue 15; the
integrity stamp: issue 19), run by CI in `make test`.

tests/helpers/fuzz.py runs in a subprocess per reader at once (each with a 2 GB address-space
limit) for 10,000 mutated cases each (activity files: 2,000) (FUZZ_CASES to change it; FUZZ_SEED to vary
the cases; `make fuzz` does both): no exception other than CouchTimerError, no case over 1 s of
CPU or 200 MB, and for imports every run already in the history still there, field for field.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = int(os.environ.get("FUZZ_CASES", "10000"))
SEED = int(os.environ.get("FUZZ_SEED", "13"))
TARGETS = ("programme", "import", "activity", "stamp")
# An activity case decodes a FIT or XML file (~10 ms): a fifth as many keeps CI's time in bounds.
CASES_FOR = {
    "programme": CASES,
    "import": CASES,
    "activity": max(1, CASES // 5),
    "stamp": CASES,
}


@pytest.fixture(scope="module")
def summaries() -> dict[str, dict[str, object]]:
    """The fuzzers, started together (two cores halve the wait), then their summaries."""
    running = {
        target: subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.fuzz", target, str(CASES_FOR[target]), str(SEED)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for target in TARGETS
    }
    results = {}
    for target, process in running.items():
        out, err = process.communicate(timeout=1200)
        assert process.returncode == 0, err
        results[target] = json.loads(out)
        shown = {k: v for k, v in results[target].items() if k != "seeds"}
        print(json.dumps(shown, indent=1))
    return results


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("target", TARGETS)
def test_fuzzed_files_give_only_our_errors_quickly(
    summaries: dict[str, dict[str, object]], target: str
) -> None:
    summary = summaries[target]
    assert summary["findings"] == []
    outcomes = summary["outcomes"]
    assert isinstance(outcomes, dict)
    assert sum(outcomes.values()) == CASES_FOR[target]
    assert outcomes.get("refused", 0) > 0
    assert outcomes.get("accepted", 0) > 0  # the mutations do not all break the syntax
    assert isinstance(summary["slowest_case_cpu_s"], float)
    assert summary["slowest_case_cpu_s"] < 1.0
    assert isinstance(summary["largest_case_bytes"], int)
    assert summary["largest_case_bytes"] < 200 * 1024 * 1024
    assert summary["seed_runs_kept"] is True  # (imports; the others keep no history)
