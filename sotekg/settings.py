"""The one settings object: the only reader of the environment (prefix ``SOTEKG_``) and of CLI overrides."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class StoreKind(str, Enum):
    embedded = "embedded"
    remote = "remote"


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as ``SOTEKG_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="SOTEKG_", extra="ignore")

    root: Path = Field(PROJECT_ROOT, description="Project folder holding ontology/, data/, shapes/, queries/")
    store: StoreKind = StoreKind.embedded
    endpoint: str | None = Field(None, description="Remote SPARQL query endpoint URL")
    update_endpoint: str | None = Field(
        None,
        description="Remote SPARQL update endpoint (default: …/query → …/update, else the query endpoint)",
    )
    endpoint_user: str | None = Field(
        None,
        description="User for the remote endpoint's HTTP Digest authentication (Virtuoso's /sparql-auth)",
    )
    endpoint_password: SecretStr | None = Field(
        None,
        description="Password for the remote endpoint's HTTP Digest authentication; never shown or logged",
    )
    graph_store_endpoint: str | None = Field(
        None, description="Remote Graph Store Protocol URL (default: derived)"
    )
    store_dir: Path | None = Field(None, description="Folder for a persistent embedded store")
    host: str = "127.0.0.1"
    port: int = 8000
    token: SecretStr | None = Field(
        None, description="Bearer token allowed to write every region (name 'default'); never shown or logged"
    )
    tokens_file: Path | None = Field(
        None, description="File of named, per-organiser tokens (TOML, see sotekg.tokens)"
    )
    history_dir: Path | None = Field(
        None, description="Folder of model versions (default: {store_dir}/history, else a temporary folder)"
    )
    query_timeout_s: float = Field(10.0, description="Time limit of one query asked for by a request")
    index_query_timeout_s: float = Field(
        60.0,
        description="Time limit of each lookup query that builds the lookup index (at start-up and after a write): "
        "these read every row, so they may take longer than a request's query (bench/)",
    )
    max_result_rows: int = 10_000
    max_query_chars: int = 20_000
    max_body_bytes: int = 5_000_000
    max_upload_triples: int = 200_000
    max_workbook_unpacked_bytes: int = Field(
        50_000_000,
        description="Largest unpacked size of an uploaded workbook (.xlsx is a zip: zip bombs stop here)",
    )
    max_workbook_rows: int = Field(
        20_000, description="Most data rows an uploaded workbook may have, all sheets"
    )
    cors_origins: list[str] = Field(default_factory=list)
    ptv_api_base: str = Field(
        "https://api.palvelutietovaranto.suomi.fi/api/v11/", description="PTV open API (v11) base URL"
    )
    ptv_request_interval_s: float = Field(
        1.0, description="Pause between requests to the PTV API (rate limit)"
    )
    ptv_concurrency: int = Field(4, ge=1, le=16, description="PTV API requests in flight at once")
    ptv_max_attempts: int = Field(
        6, ge=1, le=20, description="Tries of one PTV API request (429, 5xx, timeouts)"
    )
    ptv_timeout_s: float = Field(30.0, gt=0, description="Time limit of one PTV API request")
    ptv_backoff_s: float = Field(
        1.0, ge=0, description="First back-off after a failed PTV request; doubles, ≤ 60 s"
    )

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"


@lru_cache
def get_settings() -> Settings:
    return Settings()
