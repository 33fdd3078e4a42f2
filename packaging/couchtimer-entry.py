"""Entry point PyInstaller freezes: the same ``couchtimer`` command as the wheel installs.

With no subcommand it opens the desktop app (``couchtimer.cli``), so one executable serves the
menu entry and the terminal.
"""

import sys

from couchtimer.cli import main

if __name__ == "__main__":
    sys.exit(main())
