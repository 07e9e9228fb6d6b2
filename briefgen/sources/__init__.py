"""Stage ``sources``: readers by format -> Document. Nothing here cleans or splits text."""

from .reader import ReadResult, read_inputs

__all__ = ["ReadResult", "read_inputs"]
