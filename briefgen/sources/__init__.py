"""Stage ``sources``: readers by format -> Document. Nothing here cleans or splits text."""

from .reader import ReadResult, count_skipped, read_inputs

__all__ = ["ReadResult", "count_skipped", "read_inputs"]
