"""The command line: the only part of the generator that reads arguments and prints."""

from diplomacy_archive.cli.program import main

__all__ = ["main"]
