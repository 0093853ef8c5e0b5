"""Errors of the store layer: each is a UserError carrying ``http_status`` and ``error_code``, which api/errors.py
turns into the contract's ``{"error": error_code, "detail": message}`` response; the CLI prints the message."""

from __future__ import annotations

from ..errors import UserError


class InvalidQuery(UserError):
    """The engine refused the query (syntax or evaluation error); the message is the engine's."""

    http_status = 400
    error_code = "invalid_query"


class QueryTimeout(UserError):
    """The query ran past its time limit."""

    http_status = 422
    error_code = "query_timeout"

    def __init__(self, seconds: float):
        super().__init__(f"the query ran longer than the limit of {seconds:g} s; narrow it or add a LIMIT")


class TooManyRows(UserError):
    """The query's answer has more rows (or triples) than the cap."""

    http_status = 422
    error_code = "too_many_rows"

    def __init__(self, max_rows: int):
        super().__init__(
            f"the answer has more than {max_rows} rows (the cap); add a LIMIT or narrow the query"
        )


class StoreUnavailable(UserError):
    """The remote endpoint could not be reached or failed: not the caller's fault, so 503, not a 4xx."""

    http_status = 503
    error_code = "store_unavailable"
