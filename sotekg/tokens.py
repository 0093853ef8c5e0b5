"""Bearer tokens for writes (``PUT /regions/{code}/model``, restores): who may replace which region's model.

Two sources, both read through ``Settings`` only:

- ``SOTEKG_TOKEN``: one token named ``default`` that may write every organiser's model;
- ``SOTEKG_TOKENS_FILE``: a TOML file of named tokens, each scoped to organisers::

      [tokens.paijat-hame]
      sha256 = "<hex SHA-256 of the secret>"   # store hashes, not secrets
      regions = ["09"]                         # or ["*"] for every organiser

      [tokens.local-dev]
      secret = "…"                             # a plain secret is accepted too, for local development
      regions = ["*"]

A presented token is hashed and compared with every known digest by ``hmac.compare_digest`` (constant time, no
early exit). Secrets and digests never appear in messages, ``repr`` or logs. No token → 401, an unknown token →
401, a known token for another organiser → 403.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import Forbidden, Unauthorized, UserError
from .settings import Settings

ALL_REGIONS = "*"
DEFAULT_TOKEN_NAME = "default"
HEX_DIGEST = re.compile(r"^[0-9a-fA-F]{64}$")
REGION_CODE = re.compile(r"^[0-9]{2}$")


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


@dataclass(frozen=True)
class Token:
    """A named token: the SHA-256 digest of its secret and the organisers it may write."""

    name: str
    sha256: bytes = field(repr=False)
    regions: frozenset[str]

    def may_write(self, code: str) -> bool:
        return ALL_REGIONS in self.regions or code in self.regions


class TokenRegistry:
    """The known tokens; :meth:`authorize` says which one a request carries and whether it may write."""

    def __init__(self, tokens: Iterable[Token]):
        self.tokens = tuple(tokens)

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenRegistry:
        tokens = []
        if settings.token is not None and settings.token.get_secret_value():
            tokens.append(
                Token(DEFAULT_TOKEN_NAME, digest(settings.token.get_secret_value()), frozenset({ALL_REGIONS}))
            )
        if settings.tokens_file is not None:
            tokens += read_tokens_file(settings.tokens_file)
        names = [token.name for token in tokens]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise UserError(f"token name(s) defined twice: {', '.join(duplicates)}")
        return cls(tokens)

    def identify(self, authorization: str | None) -> Token:
        """The token an ``Authorization`` header carries; Unauthorized if none or unknown."""
        if not self.tokens:
            raise Unauthorized(
                "writes are disabled: no token is configured (SOTEKG_TOKEN or SOTEKG_TOKENS_FILE)"
            )
        scheme, _, secret = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("this request needs a bearer token: 'Authorization: Bearer <token>'")
        presented = digest(secret.strip())
        found = None
        for token in self.tokens:  # compare with every token: the time taken does not say which one matched
            if hmac.compare_digest(presented, token.sha256):
                found = token
        if found is None:
            raise Unauthorized("the bearer token is not valid")
        return found

    def authorize(self, authorization: str | None, code: str) -> str:
        """The name of the token allowed to write region ``code``; Unauthorized or Forbidden otherwise."""
        token = self.identify(authorization)
        if not token.may_write(code):
            raise Forbidden(f"token '{token.name}' may not write the model of region {code}")
        return token.name


def read_tokens_file(path) -> list[Token]:
    """The named tokens of a TOML tokens file; UserError naming the file and the token for any mistake."""
    try:
        content = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(f"cannot read the tokens file {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}") from None
    table = content.get("tokens")
    if not isinstance(table, dict) or not table:
        raise UserError(f"{path}: no [tokens.NAME] tables")
    tokens = []
    for name, entry in table.items():
        where = f"{path}: token '{name}'"
        if not isinstance(entry, dict):
            raise UserError(f"{where}: must be a table with sha256 (or secret) and regions")
        regions = entry.get("regions")
        if (
            not isinstance(regions, list)
            or not regions
            or not all(
                isinstance(code, str) and (code == ALL_REGIONS or REGION_CODE.match(code)) for code in regions
            )
        ):
            raise UserError(f'{where}: regions must be a list of two-digit codes or ["*"]')
        if "sha256" in entry and "secret" not in entry:
            if not isinstance(entry["sha256"], str) or not HEX_DIGEST.match(entry["sha256"]):
                raise UserError(f"{where}: sha256 must be 64 hexadecimal digits")
            hashed = bytes.fromhex(entry["sha256"])
        elif "secret" in entry and "sha256" not in entry:
            if not isinstance(entry["secret"], str) or not entry["secret"]:
                raise UserError(f"{where}: secret must be a non-empty string")
            hashed = digest(entry["secret"])
        else:
            raise UserError(f"{where}: give exactly one of sha256 and secret")
        tokens.append(Token(name, hashed, frozenset(regions)))
    return tokens
