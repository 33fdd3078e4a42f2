"""Files made for other devices: the workout as one audio track (audio.py) and as a
structured watch workout (fit_workout.py)."""
