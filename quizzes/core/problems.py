"""A problem found in a question or a file, said once in English (for
commands and logs) with a code and parameters, so that the web layer can say
it in the user's language. Nothing here imports Django."""

from __future__ import annotations

from typing import Any


class Problem(str):
    """The English sentence itself (a ``str``: it prints, joins and compares
    as one), with ``code`` and ``params`` to translate it by."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, text: str, **params: Any) -> Problem:
        problem = super().__new__(cls, text.format(**params) if params else text)
        problem.code = code
        problem.params = params
        return problem

    def __reduce__(self):
        return (_rebuild, (self.code, str(self), self.params))


def _rebuild(code: str, text: str, params: dict[str, Any]) -> Problem:
    problem = str.__new__(Problem, text)
    problem.code, problem.params = code, params
    return problem
