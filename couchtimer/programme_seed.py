"""The shipped programmes, parsed: file name -> (the file's text, its TOML as parsed).

Written by scripts/programme_seed from assets/programmes/*.toml: do not edit. Used only for a
file whose text is exactly the text here (couchtimer/programmes.py); the data is validated as
any other.
"""

from typing import Any

SEED: dict[str, tuple[str, dict[str, Any]]] = {
    "nhs-c25k.toml": (
        (
            "# NHS Couch to 5K: 9 weeks, 3 runs a week, each opening with a 5-minute brisk warm-up walk and\n"
            "# ending with a 5-minute cool-down walk.\n"
            "#\n"
            '# Source: NHS, "Couch to 5K running plan",\n'
            "#   https://www.nhs.uk/better-health/get-active/get-running-with-couch-to-5k/couch-to-5k-running-plan\n"
            "#   (week-by-week text and the printable PDF plan), checked 2026-11-27.\n"
            "# tests/core/test_programme.py holds the same plan written out as a table; keep the two in step.\n"
            "\n"
            "format = 1\n"
            'id = "nhs-c25k"\n'
            'name = "NHS Couch to 5K"\n'
            'description = "The NHS plan: from walking to 30 minutes of running in 9 weeks, 3 runs a week."\n'
            'source = "https://www.nhs.uk/better-health/get-active/get-running-with-couch-to-5k/couch-to-5k-running-plan"\n'
            'warmup = { seconds = 300, label = "Brisk walk" }\n'
            'cooldown = { seconds = 300, label = "Walk" }\n'
            "\n"
            "# Week 1: alternate 60 s running and 90 s walking, 20 minutes in all.\n"
            "[[workouts]]\n"
            "week = 1\n"
            "runs = [1, 2, 3]\n"
            'segments = [{ repeat = 8, of = [{ run = "60s" }, { walk = "90s" }] }]\n'
            "\n"
            "# Week 2: alternate 90 s running and 2 minutes walking, 6 times.\n"
            "[[workouts]]\n"
            "week = 2\n"
            "runs = [1, 2, 3]\n"
            'segments = [{ repeat = 6, of = [{ run = "90s" }, { walk = "2m" }] }]\n'
            "\n"
            "# Week 3: twice: 90 s running, 90 s walking, 3 minutes running, 3 minutes walking.\n"
            "[[workouts]]\n"
            "week = 3\n"
            "runs = [1, 2, 3]\n"
            "segments = [\n"
            '  { repeat = 2, of = [{ run = "90s" }, { walk = "90s" }, { run = "3m" }, { walk = "3m" }] },\n'
            "]\n"
            "\n"
            "# Week 4: 3 min run, 90 s walk, 5 min run, 2.5 min walk, 3 min run, 90 s walk, 5 min run.\n"
            "[[workouts]]\n"
            "week = 4\n"
            "runs = [1, 2, 3]\n"
            "segments = [\n"
            '  { run = "3m" }, { walk = "90s" }, { run = "5m" }, { walk = "2m30s" },\n'
            '  { run = "3m" }, { walk = "90s" }, { run = "5m" },\n'
            "]\n"
            "\n"
            "# Week 5 has three different runs.\n"
            "[[workouts]]\n"
            "week = 5\n"
            "runs = [1]\n"
            "segments = [\n"
            '  { run = "5m" }, { walk = "3m" }, { run = "5m" }, { walk = "3m" }, { run = "5m" },\n'
            "]\n"
            "\n"
            "[[workouts]]\n"
            "week = 5\n"
            "runs = [2]\n"
            'segments = [{ run = "8m" }, { walk = "5m" }, { run = "8m" }]\n'
            "\n"
            "[[workouts]]\n"
            "week = 5\n"
            "runs = [3]\n"
            'segments = [{ run = "20m" }]\n'
            "\n"
            "# Week 6 has three different runs.\n"
            "[[workouts]]\n"
            "week = 6\n"
            "runs = [1]\n"
            "segments = [\n"
            '  { run = "5m" }, { walk = "3m" }, { run = "8m" }, { walk = "3m" }, { run = "5m" },\n'
            "]\n"
            "\n"
            "[[workouts]]\n"
            "week = 6\n"
            "runs = [2]\n"
            'segments = [{ run = "10m" }, { walk = "3m" }, { run = "10m" }]\n'
            "\n"
            "[[workouts]]\n"
            "week = 6\n"
            "runs = [3]\n"
            'segments = [{ run = "25m" }]\n'
            "\n"
            "# Weeks 7 to 9: one continuous run.\n"
            "[[workouts]]\n"
            "week = 7\n"
            "runs = [1, 2, 3]\n"
            'segments = [{ run = "25m" }]\n'
            "\n"
            "[[workouts]]\n"
            "week = 8\n"
            "runs = [1, 2, 3]\n"
            'segments = [{ run = "28m" }]\n'
            "\n"
            "[[workouts]]\n"
            "week = 9\n"
            "runs = [1, 2, 3]\n"
            'segments = [{ run = "30m" }]\n'
        ),
        {
            "format": 1,
            "id": "nhs-c25k",
            "name": "NHS Couch to 5K",
            "description": "The NHS plan: from walking to 30 minutes of running in 9 weeks, 3 "
            "runs a week.",
            "source": "https://www.nhs.uk/better-health/get-active/get-running-with-couch-to-5k/couch-to-5k-running-plan",
            "warmup": {"seconds": 300, "label": "Brisk walk"},
            "cooldown": {"seconds": 300, "label": "Walk"},
            "workouts": [
                {
                    "week": 1,
                    "runs": [1, 2, 3],
                    "segments": [{"repeat": 8, "of": [{"run": "60s"}, {"walk": "90s"}]}],
                },
                {
                    "week": 2,
                    "runs": [1, 2, 3],
                    "segments": [{"repeat": 6, "of": [{"run": "90s"}, {"walk": "2m"}]}],
                },
                {
                    "week": 3,
                    "runs": [1, 2, 3],
                    "segments": [
                        {
                            "repeat": 2,
                            "of": [{"run": "90s"}, {"walk": "90s"}, {"run": "3m"}, {"walk": "3m"}],
                        }
                    ],
                },
                {
                    "week": 4,
                    "runs": [1, 2, 3],
                    "segments": [
                        {"run": "3m"},
                        {"walk": "90s"},
                        {"run": "5m"},
                        {"walk": "2m30s"},
                        {"run": "3m"},
                        {"walk": "90s"},
                        {"run": "5m"},
                    ],
                },
                {
                    "week": 5,
                    "runs": [1],
                    "segments": [
                        {"run": "5m"},
                        {"walk": "3m"},
                        {"run": "5m"},
                        {"walk": "3m"},
                        {"run": "5m"},
                    ],
                },
                {
                    "week": 5,
                    "runs": [2],
                    "segments": [{"run": "8m"}, {"walk": "5m"}, {"run": "8m"}],
                },
                {"week": 5, "runs": [3], "segments": [{"run": "20m"}]},
                {
                    "week": 6,
                    "runs": [1],
                    "segments": [
                        {"run": "5m"},
                        {"walk": "3m"},
                        {"run": "8m"},
                        {"walk": "3m"},
                        {"run": "5m"},
                    ],
                },
                {
                    "week": 6,
                    "runs": [2],
                    "segments": [{"run": "10m"}, {"walk": "3m"}, {"run": "10m"}],
                },
                {"week": 6, "runs": [3], "segments": [{"run": "25m"}]},
                {"week": 7, "runs": [1, 2, 3], "segments": [{"run": "25m"}]},
                {"week": 8, "runs": [1, 2, 3], "segments": [{"run": "28m"}]},
                {"week": 9, "runs": [1, 2, 3], "segments": [{"run": "30m"}]},
            ],
        },
    ),
}
