"""Typed access to what the lifespan created (Starlette keeps it in ``request.state``)."""

from __future__ import annotations

from typing import TypedDict

from starlette.requests import Request

from factcheck.check import CheckService
from factcheck.ingest import Ingestor
from factcheck.settings import Settings


class AppState(TypedDict):
    settings: Settings
    service: CheckService
    ingestor: Ingestor


def service(request: Request) -> CheckService:
    value = request.state.service
    assert isinstance(value, CheckService)
    return value


def ingestor(request: Request) -> Ingestor:
    value = request.state.ingestor
    assert isinstance(value, Ingestor)
    return value


def settings(request: Request) -> Settings:
    value = request.state.settings
    assert isinstance(value, Settings)
    return value
