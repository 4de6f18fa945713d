"""Quality evaluations: retrieval and review, scored on labelled sets in tests/eval_data."""
