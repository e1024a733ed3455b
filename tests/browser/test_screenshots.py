"""Screenshots of the real pages with the demo community: desktop and phone, light and dark,
of the index, the news thread and What's new.

They go to a temporary folder; with PNYX_UPDATE_SCREENSHOTS=1 they replace the README's
pictures in docs/screenshots/.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from pnyx.demo import content
from pnyx.demo.builder import build_demo
from pnyx.testing.factories import make_member
from pnyx.threads.models import Thread

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
}  # fmt: skip


def test_screenshots_of_index_thread_and_whats_new(
    browser: Browser, base_url: str, browser_context_args: dict[str, Any], tmp_path: Path
) -> None:
    out = DOCS if os.environ.get("PNYX_UPDATE_SCREENSHOTS") == "1" else tmp_path
    assert build_demo(progress=lambda _: None).created
    reader = make_member(username="reader", country="GR", location="GR")
    reader.read_cutoff = timezone.now() - timedelta(days=2)
    reader.save(update_fields=["read_cutoff"])
    news = Thread.objects.get(title=content.NEWS_THREAD["title"])
    out.mkdir(parents=True, exist_ok=True)

    schemes: tuple[Literal["light"], Literal["dark"]] = ("light", "dark")
    for device, options in DEVICES.items():
        for scheme in schemes:
            context = browser.new_context(
                **{**browser_context_args, **options}, color_scheme=scheme
            )
            page = context.new_page()
            sign_in(page, base_url, reader)
            shots = {
                "index": "/",
                "thread": news.get_absolute_url(),
                "whats-new": "/whats-new/",
            }
            for name, path in shots.items():
                page.goto(f"{base_url}{path}")
                expect(page.locator("h1").first).to_be_visible()
                page.screenshot(
                    path=str(out / f"{name}-{device}-{scheme}.png"),
                    full_page=device == "desktop" and name == "thread",
                )
            context.close()
    assert len(list(out.glob("*.png"))) >= 12
