"""Catalogs, the item store (Chroma), lexical and collaborative retrieval, captions."""
