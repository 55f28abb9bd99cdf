"""Judging an agreement: what a sentence is in it, the rules, the worries, jargon, dates and the report."""
