"""`python -m couchtimer` runs the command-line entry point."""

import sys

from couchtimer.cli import main

sys.exit(main())
