"""`make bench`: how fast the app is, measured side by side (see bench/run.py)."""
