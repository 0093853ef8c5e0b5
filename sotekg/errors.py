"""Every error the core raises on purpose, in one module: what went wrong, in domain terms, never HTTP.

Each class has an ``error_code``, the stable identifier the CLI and the API report (the API's
``{"error": error_code, "detail": message}``), and ``code``, the CLI's exit status. Which HTTP status each one
is answered with is decided in one place, api/errors.py; the CLI prints the message as one line.

- ``UserError`` and its subclasses: the caller can fix it (bad input, an unknown code, a refused query, a
  missing or foreign token, a model that does not conform).
- ``StoreError`` and its subclasses: the store could not answer (unreachable, or past the time limit); not the
  caller's input, so never answered as a 4xx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .validation import ValidationReport


class SotekgError(Exception):
    """An error the core raises on purpose, with a message for people; ``code`` is the CLI exit status."""

    error_code = "error"

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


# -- the caller's input -------------------------------------------------------------------------------------


class UserError(SotekgError):
    """An error caused by the caller's input."""

    error_code = "bad_request"


class NotFoundError(UserError):
    """The thing asked for (a region code, a centre id, a query name, a version) does not exist."""

    error_code = "not_found"


class InvalidQuery(UserError):
    """The engine refused the query (syntax or evaluation error); the message is the engine's."""

    error_code = "invalid_query"


class TooManyRows(UserError):
    """The query's answer has more rows (or triples) than the cap."""

    error_code = "too_many_rows"

    def __init__(self, max_rows: int):
        super().__init__(
            f"the answer has more than {max_rows} rows (the cap); add a LIMIT or narrow the query"
        )


class SparqlRefused(UserError):
    """A SPARQL request the read-only door refuses (sotekg.sparql_protocol): ``error_code`` names why —
    ``update_not_allowed``, ``service_not_allowed``, ``dataset_not_supported``, ``query_too_long``,
    ``query_syntax``, ``missing_query``, ``unsupported_media_type`` or ``bad_request``."""

    def __init__(self, message: str, error_code: str = "bad_request"):
        super().__init__(message)
        self.error_code = error_code


class MalformedRDF(UserError):
    """An uploaded RDF document that does not parse, or is not the one graph asked for."""

    error_code = "malformed_rdf"


class EmptyBody(UserError):
    """An upload without a body, or without a triple."""

    error_code = "empty_body"


class TooLarge(UserError):
    """An upload over a size limit (bytes or triples)."""

    error_code = "body_too_large"


class UnsupportedFormat(UserError):
    """An upload in a format that is not taken here."""

    error_code = "unsupported_media_type"


class Unauthorized(UserError):
    """No bearer token, or one we do not know."""

    error_code = "unauthorized"


class Forbidden(UserError):
    """A known token that may not write this organiser's model."""

    error_code = "forbidden"


class ModelOutOfScope(UserError):
    """The uploaded model speaks for another organiser than the one whose model it replaces."""

    error_code = "model_out_of_scope"


class ModelRejected(UserError):
    """The model does not conform to the shapes; ``report`` is the validation report."""

    error_code = "model_does_not_conform"

    def __init__(self, report: ValidationReport):
        super().__init__(
            f"the model does not conform: {report.count('Violation')} violation(s); the stored model is unchanged"
        )
        self.report = report


# -- the store ----------------------------------------------------------------------------------------------


class StoreError(SotekgError):
    """The store could not answer: not the caller's input."""

    error_code = "store_error"


class StoreUnavailable(StoreError):
    """The remote endpoint could not be reached, or failed."""

    error_code = "store_unavailable"


class QueryTimeout(StoreError):
    """The query ran past its time limit."""

    error_code = "query_timeout"

    def __init__(self, seconds: float):
        super().__init__(f"the query ran longer than the limit of {seconds:g} s; narrow it or add a LIMIT")
