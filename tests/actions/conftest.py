"""The actions use the KB and engine made for the engine's tests."""

from tests.answering.conftest import engine, fresh, kb  # noqa: F401 - fixtures
