"""Data of the B2B email check (rule catalogue, phrase lists, client support); no code."""
