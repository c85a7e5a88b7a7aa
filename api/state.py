"""Typed access to what the lifespan created (Starlette keeps it in ``request.state``)."""

from __future__ import annotations

from typing import TypedDict

from starlette.requests import HTTPConnection

from api.auth import KeyRing
from factcheck.check import CheckService
from factcheck.index.factchecks.search import FactCheckSearch
from factcheck.index.factchecks.writer import FactCheckWriter
from factcheck.index.reader import ArticleReader
from factcheck.index.writer import Ingestor
from factcheck.settings import Settings


class AppState(TypedDict):
    settings: Settings
    service: CheckService
    reader: ArticleReader
    ingestor: Ingestor
    fact_checks: FactCheckSearch
    fact_check_writer: FactCheckWriter
    keys: KeyRing


def service(request: HTTPConnection) -> CheckService:
    value = request.state.service
    assert isinstance(value, CheckService)
    return value


def reader(request: HTTPConnection) -> ArticleReader:
    value = request.state.reader
    assert isinstance(value, ArticleReader)
    return value


def ingestor(request: HTTPConnection) -> Ingestor:
    value = request.state.ingestor
    assert isinstance(value, Ingestor)
    return value


def settings(request: HTTPConnection) -> Settings:
    value = request.state.settings
    assert isinstance(value, Settings)
    return value


def keys(request: HTTPConnection) -> KeyRing:
    value = request.state.keys
    assert isinstance(value, KeyRing)
    return value


def fact_checks(request: HTTPConnection) -> FactCheckSearch:
    value = request.state.fact_checks
    assert isinstance(value, FactCheckSearch)
    return value


def fact_check_writer(request: HTTPConnection) -> FactCheckWriter:
    value = request.state.fact_check_writer
    assert isinstance(value, FactCheckWriter)
    return value
