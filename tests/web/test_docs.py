"""``/docs`` works offline: Swagger UI comes from this server (web/vendor/swagger-ui/), so with every request to
another host blocked the page still shows every operation of the OpenAPI document."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, Route, expect


def operations(live_server: str) -> list[tuple[str, str]]:
    document = httpx.get(f"{live_server}/openapi.json", timeout=10).json()
    return [(method.upper(), path) for path, item in document["paths"].items() for method in item]


def test_docs_show_every_operation_with_other_hosts_blocked(page: Page, live_server: str) -> None:
    blocked: list[str] = []

    def only_this_server(route: Route) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_this_server)
    page.goto(f"{live_server}/docs")
    expected = operations(live_server)
    assert len(expected) >= 20  # the API's operations, read from its own document
    blocks = page.locator(".opblock-summary")
    expect(blocks).to_have_count(len(expected))
    shown = {
        (
            block.locator(".opblock-summary-method").inner_text().strip(),
            block.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for block in blocks.all()
    }
    assert shown == set(expected)
    expect(page.locator(".info .title")).to_contain_text("sotekg")
    assert blocked == []  # and nothing even tried to leave this server
