"""innerchild-tui: a gentle terminal dashboard for daily inner-child practice."""

__version__ = "0.1.0"
