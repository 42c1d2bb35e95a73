"""Errors the generator reports as one clear line, never as a traceback."""


class AtlasError(Exception):
    """A problem the user can fix; ``str()`` is the whole message."""


class SeedError(AtlasError):
    """A seed that cannot become an article (unreadable, empty, not text…)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class RuleError(AtlasError):
    """A rule file that is missing, malformed or has a bad pattern."""
