"""Write tokens (sotekg.tokens): named, scoped, hashed, compared in constant time, never shown."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from api.errors import HEADERS, status_of
from sotekg.errors import Forbidden, Unauthorized, UserError
from sotekg.settings import Settings
from sotekg.tokens import TokenRegistry

PAIJAT_HAME_SECRET = "s3cret-for-09"


def tokens_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tokens.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def registry(tmp_path: Path) -> TokenRegistry:
    digest = hashlib.sha256(PAIJAT_HAME_SECRET.encode()).hexdigest()
    path = tokens_file(
        tmp_path,
        f"""
[tokens.paijat-hame]
sha256 = "{digest}"
regions = ["09"]

[tokens.dev]
secret = "local-dev"
regions = ["*"]
""",
    )
    return TokenRegistry.from_settings(Settings(token="env-token", tokens_file=path))


def test_named_tokens_are_scoped_per_organiser(registry):
    assert registry.authorize(f"Bearer {PAIJAT_HAME_SECRET}", "09") == "paijat-hame"
    with pytest.raises(Forbidden, match="token 'paijat-hame' may not write the model of region 19"):
        registry.authorize(f"Bearer {PAIJAT_HAME_SECRET}", "19")
    assert registry.authorize("Bearer local-dev", "19") == "dev"
    assert registry.authorize("bearer env-token", "21") == "default"


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic dXNlcjpwdw==", "Bearer wrong", "Bearer  "])
def test_missing_or_unknown_tokens_are_unauthorized(registry, header):
    with pytest.raises(Unauthorized) as raised:
        registry.authorize(header, "09")
    assert status_of(raised.value) == 401  # the API's mapping (api/errors.py)
    assert HEADERS[raised.value.error_code]["WWW-Authenticate"].startswith("Bearer")


def test_no_token_configured_means_writes_are_disabled():
    registry = TokenRegistry.from_settings(Settings(token=None, tokens_file=None))
    with pytest.raises(Unauthorized, match="writes are disabled"):
        registry.authorize("Bearer anything", "09")


def test_secrets_never_show(registry):
    shown = repr(registry.tokens) + repr(Settings(token="env-token"))
    assert "env-token" not in shown and PAIJAT_HAME_SECRET not in shown and "local-dev" not in shown
    with pytest.raises(Unauthorized) as raised:
        registry.authorize("Bearer guessed-secret", "09")
    assert "guessed-secret" not in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not toml [", "not valid TOML"),
        ("[other]\nx = 1\n", "no [tokens.NAME] tables"),
        ('[tokens.a]\nsecret = "x"\n', "regions must be a list"),
        ('[tokens.a]\nsecret = "x"\nregions = ["9"]\n', "regions must be a list"),
        ('[tokens.a]\nsha256 = "abc"\nregions = ["09"]\n', "sha256 must be 64 hexadecimal digits"),
        ('[tokens.a]\nregions = ["09"]\n', "exactly one of sha256 and secret"),
    ],
)
def test_bad_tokens_files_name_the_mistake(tmp_path, text, message):
    with pytest.raises(UserError, match=re.escape(message)):
        TokenRegistry.from_settings(Settings(token=None, tokens_file=tokens_file(tmp_path, text)))


def test_a_missing_tokens_file_is_a_one_line_error(tmp_path):
    with pytest.raises(UserError, match="cannot read the tokens file"):
        TokenRegistry.from_settings(Settings(token=None, tokens_file=tmp_path / "absent.toml"))
