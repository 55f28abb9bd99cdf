"""Reading files: bytes in, a Document of pages and clauses out (sniffing, PDF, Word, text, photos and scans)."""
