"""Errors the user can fix. Anything else is a bug and is logged with a traceback."""


class CouchTimerError(Exception):
    """A problem the user can fix; the message names the file or setting and the remedy."""


class ProgrammeError(CouchTimerError):
    """A programme file that cannot be used, or a week/run that does not exist."""
