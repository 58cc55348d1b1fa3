"""Sending the xAPI outbox to the Learning Record Store: the HTTP client (`client.py`) and
the sender that runs in the app as a thread, or once from cron (`sender.py`)."""
