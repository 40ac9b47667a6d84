"""The environment every benchmark runs Django in: settings as production runs them, on a database of its own."""

import argparse
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


def add_dataset_arguments(parser: argparse.ArgumentParser, *, articles: int, ugc: int, campaigns: int) -> None:
    """The sizes of the generated dataset (bench/bulk_world.py), and ``--keep`` to reuse it."""
    parser.add_argument("--articles", type=int, default=articles)
    parser.add_argument("--ugc", type=int, default=ugc)
    parser.add_argument("--campaigns", type=int, default=campaigns)
    parser.add_argument("--keep", action="store_true", help="reuse the generated database")
