"""Summaries as written: the ``summary`` directive, the ``paper`` role, their rules, and
what is filled in when a page is written (the header, the text of citations)."""
