"""Keeping what visitors send: the store, the reader processes that read uploads, and reading progress."""
