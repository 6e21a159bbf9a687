"""Screens and dialogs shown over the dashboard."""
