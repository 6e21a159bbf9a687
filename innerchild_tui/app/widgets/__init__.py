"""Small self-contained widgets."""
