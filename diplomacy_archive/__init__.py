"""Static site generator for people's-diplomacy news archives."""

__version__ = "0.1.0"
