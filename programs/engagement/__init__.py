"""Keeping patients going between visits: reminders, the calendar feed and messages."""
