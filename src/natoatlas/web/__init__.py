"""The dashboard and JSON API (FastAPI, server-rendered pages)."""

from natoatlas.web.app import create_app

__all__ = ["create_app"]
