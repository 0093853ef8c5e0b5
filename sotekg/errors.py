"""Errors the user can fix: raised by the core, shown by the CLI as one line and by the API as a 4xx.

Each class says how the API answers it: ``http_status`` and ``error_code`` (the contract's
``{"error": error_code, "detail": message}``, see api/errors.py). Subclasses set their own.
"""


class UserError(Exception):
    """An error caused by the caller's input; ``code`` is the CLI exit code."""

    http_status = 400
    error_code = "bad_request"

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


class NotFoundError(UserError):
    """The thing asked for (a region code, a centre id, a query name) does not exist: HTTP 404."""

    http_status = 404
    error_code = "not_found"
