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


def yaml_problem(exc: Exception) -> str:
    """A YAML error in one line: ``line L, column C: what`` (PyYAML's own message spans several)."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or exc.__class__.__name__
        if exc.context and exc.problem:
            what = f"{exc.problem} ({exc.context})"
        return f"line {mark.line + 1}, column {mark.column + 1}: {what}" if mark else what
    return " ".join(str(exc).split()) or exc.__class__.__name__
