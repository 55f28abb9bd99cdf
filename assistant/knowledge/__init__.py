"""Loading the curated knowledge base in knowledge/: its sources, guidance entries and glossary."""
