"""One run, front-end free: the session (engine, cues, recorder, pain marks) and its views."""
