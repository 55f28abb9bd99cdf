"""Serving it: the JSON API, the pages and what they show, security headers, uploads, rate limits, schemas."""
