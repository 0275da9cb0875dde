"""bcs-tui: a terminal dashboard for Blockchain Service operation records."""

__version__ = "0.1.0"
