"""Reading an uploaded RDF body (``PUT /regions/{code}/model``, ``POST /validate``): the media types each route
takes (415 for another), the byte limit (413; api/middleware.py refuses an announced oversize body unread) and
the triple limit while parsing (sotekg.rdfio). The core gets a parsed Dataset."""

from __future__ import annotations

from fastapi import Request
from rdflib import Dataset

from sotekg.errors import EmptyBody
from sotekg.rdfio import parse_rdf
from sotekg.settings import Settings

from .errors import BodyTooLarge, UnsupportedMediaType

MODEL_MEDIA_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")
VALIDATE_MEDIA_TYPES = (*MODEL_MEDIA_TYPES, "application/trig", "application/n-quads")


def media_type_of(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, read in chunks; 413 ``body_too_large`` as soon as it passes ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(f"the request body is over the limit of {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def checked_media_type(request: Request, allowed: tuple[str, ...]) -> str:
    """The body's media type if the route takes it; 415 naming the ones it takes otherwise."""
    media_type = media_type_of(request.headers.get("content-type"))
    if media_type not in allowed:
        raise UnsupportedMediaType(
            f"Content-Type {media_type or '(none)'!r} is not accepted here; send one of: {', '.join(allowed)}"
        )
    return media_type


def parse_upload(body: bytes, media_type: str, settings: Settings) -> Dataset:
    """An uploaded RDF body as a Dataset within the triple limit (sotekg.rdfio raises MalformedRDF, TooLarge)."""
    if not body.strip():
        raise EmptyBody("the request body is empty; send the model as RDF")
    dataset = parse_rdf(
        body, media_type, max_bytes=settings.max_body_bytes, max_triples=settings.max_upload_triples
    )
    if len(dataset) == 0:
        raise EmptyBody("the body holds no triples")
    return dataset
