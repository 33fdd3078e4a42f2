"""Set-up shared by benchmarks that start CouchTimer: private XDG dirs, ALSA routed to a file."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

#: The PDF report's baseline (issue 19): a one-page QPdfWriter document, as a script taking the
#: output path (Python, Qt, one QApplication, one QTextDocument painted).
PDF_BASELINE = """
import sys
from PySide6.QtGui import QPdfWriter, QPainter, QTextDocument
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
writer = QPdfWriter(sys.argv[1])
doc = QTextDocument()
doc.setHtml("<h1>Baseline</h1><p>One page.</p>")
painter = QPainter(writer)
doc.drawContents(painter)
painter.end()
"""


def private_env(tmp: Path, platform: str = "offscreen") -> dict[str, str]:
    """An environment whose data, settings and sound all stay inside ``tmp``."""
    asound = tmp / "asound.conf"
    asound.write_text(
        'pcm.!default { type file; slave.pcm "null"; file "%s"; format "raw" }\n'
        % (tmp / "alsa-out.raw")
    )
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: compiled modules are cached
    env.update(
        {
            "QT_QPA_PLATFORM": platform,
            "XDG_DATA_HOME": str(tmp / "data"),
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_STATE_HOME": str(tmp / "state"),
            "XDG_CACHE_HOME": str(tmp / "cache"),
            "XDG_RUNTIME_DIR": str(tmp / "runtime"),
            "ALSA_CONFIG_PATH": f"/usr/share/alsa/alsa.conf:{asound}",
        }
    )
    (tmp / "runtime").mkdir(mode=0o700, exist_ok=True)
    return env


def fresh_tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="couchtimer-bench-"))


def five_year_history(tmp: Path, env: dict[str, str]) -> Path:
    """``tmp``/history.sqlite: five years of demo history ending on 1 November 2026
    (scripts/demo_data: ~1,000 runs, 15,000 segments, ~3,000 marks), the same in every run."""
    db = tmp / "history.sqlite"
    subprocess.run(
        [PYTHON, "scripts/demo_data", str(db), "--end", "2026-11-01"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return db


def summary(values: list[float], unit: str = "ms", scale: float = 1000.0) -> str:
    ordered = sorted(values)
    return (
        f"median {statistics.median(ordered) * scale:7.1f} {unit}  "
        f"min {ordered[0] * scale:7.1f}  max {ordered[-1] * scale:7.1f}  (n={len(ordered)})"
    )
