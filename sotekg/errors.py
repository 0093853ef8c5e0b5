"""Errors the user can fix: raised by the core, shown by the CLI as one line and by the API as a 4xx."""


class UserError(Exception):
    """An error caused by the caller's input; ``code`` is the CLI exit code."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


class NotFoundError(UserError):
    """The thing asked for (a region code, a centre id, a query name) does not exist: HTTP 404."""
