"""Copy-review rule data: lexicons per language, scoring weights, role needs (data only)."""
