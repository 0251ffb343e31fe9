# fix: hardcoded-secret
"""Production settings."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "django-insecure-3x@mple"
