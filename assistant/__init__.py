"""B2B marketing assistant: a library first; the CLI and the page are thin shells over it."""

__version__ = "0.1.0"
