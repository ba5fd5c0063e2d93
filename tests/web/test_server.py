from aiohttp.test_utils import TestClient, TestServer

from bot.web.server import create_app


async def test_health_endpoint() -> None:
    async with TestClient(TestServer(create_app())) as client:
        response = await client.get("/healthz")
        assert response.status == 200
        assert await response.json() == {"status": "ok"}
