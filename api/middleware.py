"""What every request passes before any route (issue 6): the body-size limit and CORS. Installed by
api/app.py's ``create_app``.

- ``BodyLimit``: a request whose ``Content-Length`` is over ``settings.max_body_bytes`` is answered 413
  ``body_too_large`` before a byte of its body is read. A body without a length (chunked) is capped while it is
  read: routes read bodies only through ``api.uploads.read_body``, which stops at the same limit.
- CORS: off unless ``settings.cors_origins`` lists origins (``SOTEKG_CORS_ORIGINS='["https://a.example"]'``,
  a JSON list). Then only those origins get ``Access-Control-Allow-Origin``, for GET, POST and PUT with the
  ``Authorization``, ``Content-Type``, ``Accept`` and ``If-None-Match`` headers, and never with credentials
  (cookies): a write carries its token in the ``Authorization`` header, which a page must set on purpose.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from sotekg.settings import Settings

from .errors import error_response

CORS_METHODS = ["GET", "POST", "PUT"]
CORS_HEADERS = ["Authorization", "Content-Type", "Accept", "If-None-Match"]
CORS_EXPOSED = ["ETag", "X-Total-Count"]


class BodyLimit:
    """Refuse, unread, an HTTP request that announces a body over ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.max_bytes:
                response = error_response(
                    413,
                    "body_too_large",
                    f"the request body is {int(length)} bytes, over the limit of {self.max_bytes} bytes",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_middleware(app: FastAPI, settings: Settings) -> None:
    """Add the body limit and, if origins are configured, CORS to ``app``."""
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=CORS_METHODS,
            allow_headers=CORS_HEADERS,
            expose_headers=CORS_EXPOSED,
            allow_credentials=False,
        )
