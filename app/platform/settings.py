"""Service settings from `ASSAY_*` environment variables (pydantic-settings).

This is the only module that reads the environment. `get_settings()` is cached; the app
factory and the CLI receive a `Settings` explicitly so tests can build their own.
"""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PLACEHOLDERS = {"changeme", "secret", "change-me", "dev", "test"}


class Settings(BaseSettings):
    """Every tunable of the service; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="ASSAY_", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    data_dir: Path = Path("var")
    database_url: str | None = None
    blob_dir: Path | None = None
    # Object storage for uploads, shared by replicas: `s3://bucket/prefix` (credentials from
    # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_DEFAULT_REGION); blob_dir is its cache.
    blob_url: str | None = None
    s3_endpoint_url: str | None = None
    log_level: str = "INFO"
    log_json: bool = True
    problem_base_uri: str = "https://assay.dev/problems"

    # Authentication
    jwt_secret: SecretStr | None = None
    jwt_issuer: str = "assay"
    jwt_audience: str = "assay-api"
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwks_url: str | None = None
    jwks_algorithms: list[Literal["RS256", "ES256", "RS384", "ES384", "PS256"]] = ["RS256", "ES256"]
    jwks_cache_seconds: int = 3600
    roles_claim: str = "roles"
    # Tokens that live longer than this (exp - iat) are refused, whoever signed them.
    max_token_lifetime_minutes: int = Field(default=7 * 24 * 60, ge=1)
    # Lifetime of a token `assay token` prints when no --ttl is given.
    token_ttl_minutes: int = Field(default=60, ge=1)

    # Concurrency and backpressure (per process): requests handled at once (the database
    # pool is sized to these plus the background workers), requests waiting their turn, and
    # how long one may wait before it is refused with 503 and Retry-After.
    max_concurrent_requests: int = Field(default=32, ge=1, le=1000)
    max_queued_requests: int = Field(default=1000, ge=0)
    queue_wait_seconds: float = Field(default=10.0, gt=0)
    # Serve the hot GETs (latest assessment, document, vendor page) in front of the routing
    # when nothing but the read is left to do (`app/platform/hotreads.py`).
    hot_reads: bool = True

    # Uploads and parsing
    max_upload_bytes: int = 25 * 1024 * 1024
    parse_timeout_seconds: float = 60.0
    parse_memory_mb: int = 1536
    parse_max_pages: int = 2000
    parse_workers: int = 1
    # A stored file that no document row references this long after it was written is an
    # orphan (its upload's transaction never committed) and is deleted by the start-up sweep.
    orphan_blob_minutes: int = Field(default=60, ge=1)
    # Warm parse worker processes are replaced after this many documents (and after any limit
    # was hit); a parse claim's lease, renewed by a heartbeat, is reclaimed when it runs out.
    parse_recycle_after: int = Field(default=50, ge=1)
    parse_lease_seconds: float = Field(default=15.0, gt=0)
    ocr_enabled: bool = True

    # Assessments, re-checks and webhooks
    risk_model_path: Path | None = None
    # The buyer profile (CONTRACT §3) used when none was set with PUT /buyer-profile, and by
    # `assay assess` without --buyer.
    buyer_profile_path: Path | None = None
    accreditation_data_dir: Path | None = None
    recheck_enabled: bool = True
    # `assay serve` runs the worker loop (parse queue, webhooks, re-check batches) in-process;
    # off for stateless API replicas when `assay worker` processes do the work.
    run_workers: bool = True
    # How often an idle worker looks for work it was not woken for (other processes' work).
    worker_poll_seconds: float = Field(default=2.0, gt=0)
    # The queue engine: `auto` runs the background jobs on procrastinate on PostgreSQL and on
    # the embedded loop on SQLite; `builtin` uses the embedded loop on PostgreSQL too.
    queue_engine: Literal["auto", "builtin"] = "auto"
    # Vendors per re-check batch: the unit of work one worker takes at a time.
    recheck_batch_size: int = Field(default=500, ge=1)
    # On procrastinate: how many re-check batches may be worked at once across all workers.
    recheck_slots: int = Field(default=8, ge=1, le=256)
    recheck_cron: str = "0 2 * * *"
    # Accreditation: how long a reviewer's recorded check of a CB stays `verified`
    accreditation_verification_max_age_days: int = Field(default=365, ge=1, le=3650)
    # Optional IAF CertSearch look-ups (Verification Users API); nothing calls out without a key
    iaf_certsearch_api_key: SecretStr | None = None
    iaf_certsearch_url: str = "https://api.iafcertsearch.org/api/client/v1"
    iaf_certsearch_cache_days: int = Field(default=30, ge=1, le=3650)
    iaf_certsearch_max_lookups: int = Field(default=50, ge=0, le=10_000)
    webhook_allow_private: bool = False
    webhook_timeout_seconds: float = 10.0
    http_timeout_seconds: float = 10.0

    # Browser UI (app/web): sessions, single sign-on (OIDC) and evidence page images
    web_session_hours: float = Field(default=8.0, gt=0, le=24 * 30)
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_scopes: str = "openid email profile"
    oidc_roles_claim: str = "roles"
    # IdP group or role name -> Assay role; names equal to an Assay role map to it anyway.
    oidc_role_map: dict[str, Literal["procurement", "reviewer", "admin"]] = {}
    evidence_render_timeout_seconds: float = Field(default=20.0, gt=0)
    evidence_render_memory_mb: int = Field(default=1024, ge=128)

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @field_validator("jwt_secret")
    @classmethod
    def _no_placeholder_secret(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and (
            v.get_secret_value().lower() in _PLACEHOLDERS or len(v.get_secret_value()) < 32
        ):
            raise ValueError("ASSAY_JWT_SECRET must be a random value of at least 32 characters")
        return v

    @model_validator(mode="after")
    def _prod_needs_explicit_db(self) -> "Settings":
        if self.env == "prod" and self.database_url is None:
            raise ValueError("ASSAY_DATABASE_URL is required when ASSAY_ENV=prod")
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'assay.db').as_posix()}"

    @property
    def resolved_blob_dir(self) -> Path:
        return self.blob_dir or self.data_dir / "blobs"

    @property
    def db_pool_size(self) -> int:
        """Connections: one per admitted request, plus the parse, webhook and re-check workers."""
        return self.max_concurrent_requests + self.parse_workers + 4

    @property
    def secret_file(self) -> Path:
        return self.data_dir / "jwt_secret"


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
