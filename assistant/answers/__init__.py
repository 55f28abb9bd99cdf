"""Answering questions: retrieval over the guidance and the agreement, the learnt index, composing answers."""
