from __future__ import annotations

from ..core.problems import Problem


class FormatError(ValueError):
    """A file cannot be read as a bank. ``problem`` says why (English, with a
    code to translate it by) and ``line`` names the line at fault."""

    def __init__(self, problem: str, *, line: int | None = None) -> None:
        self.problem = problem if isinstance(problem, Problem) else Problem("other", problem)
        self.line = line
        super().__init__(f"line {line}: {self.problem}" if line is not None else self.problem)
