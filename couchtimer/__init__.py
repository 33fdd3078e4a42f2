"""CouchTimer: an interval run timer that records when discomfort happens."""

__version__ = "0.1.0"
APP_ID = "io.github.couchtimer.CouchTimer"
