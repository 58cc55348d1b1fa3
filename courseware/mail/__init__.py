"""Mail out: the follow-up reminders (their text, the unsubscribe links, the SMTP client and
the sender that works through the reminders the store decided)."""
