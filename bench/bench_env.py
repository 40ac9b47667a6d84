"""The environment every benchmark runs Django in: settings as production runs them, on a database of its own."""

import os
from pathlib import Path


def use_production_like_settings(database: Path, media_root: str) -> None:
    """DEBUG off and bench-only secrets; ``database`` unless DATABASE_URL names another."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("MEDIA_ROOT", media_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moments.settings")
    os.environ["DEBUG"] = "false"  # measure as production runs
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("MOMENTS_MEMBER_TOKEN_SECRET", "bench-only-member-token-secret")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
