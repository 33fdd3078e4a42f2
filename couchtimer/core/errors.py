"""Errors the user can fix. Anything else is a bug and is logged with a traceback."""


class CouchTimerError(Exception):
    """A problem the user can fix; the message names the file or setting and the remedy."""


class ProgrammeError(CouchTimerError):
    """A programme file that cannot be used, or a week/run that does not exist."""


class SettingsError(CouchTimerError):
    """A setting outside what CouchTimer can use (volume, metronome rate...)."""


class CueError(CouchTimerError):
    """A cue sound file that is missing or unusable; found at start-up, never mid-run."""


class ActivityError(CouchTimerError):
    """An activity file (FIT, GPX, TCX) that is not a recording CouchTimer can read."""


class ExportFileError(CouchTimerError):
    """A file given to import that is not a history export CouchTimer can read (the message
    names it and the first problem); nothing was imported."""
