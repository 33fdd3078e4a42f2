"""The pure core: no Qt, no sqlite3, no audio, no wall clock, no file writes."""
