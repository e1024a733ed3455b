"""A visitor registers, signs in, sets country and location, and sees the flags on their card."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pnyx.accounts.models import Member
from pnyx.testing.factories import make_forum

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_registers_and_sets_flags(page: Page, base_url: str) -> None:
    forum = make_forum(name="Europe")

    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Register").click()
    page.fill("input[name=email]", "kasia@example.org")
    page.fill("input[name=username]", "kasia")
    page.fill("input[name=password1]", "a long and unusual passphrase 42")
    page.fill("input[name=password2]", "a long and unusual passphrase 42")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_role("link", name="Settings").click()
    page.fill("input[name=display_name]", "Kasia Nowak")
    page.select_option("select[name=country]", "PL")
    page.select_option("select[name=location]", "IE")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()

    member = Member.objects.get(username="kasia")
    assert (member.display_name, member.country.code, member.location.code) == (
        "Kasia Nowak",
        "PL",
        "IE",
    )

    page.goto(f"{base_url}{forum.get_absolute_url()}")
    page.get_by_role("link", name="Post thread").click()
    page.fill("input[name=title]", "Hello from Cork")
    page.fill("textarea[name=body]", "My first post on this forum.")
    page.get_by_role("button", name="Post thread").click()
    card = page.locator("article.post .member-card").first
    expect(card).to_contain_text("Kasia Nowak")
    expect(card.locator("dt", has_text="Country")).to_be_visible()
    expect(card).to_contain_text("Poland")
    expect(card).to_contain_text("Ireland")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.get_by_role("link", name="Sign in").click()
    page.fill("input[name=login]", "kasia")
    page.fill("input[name=password]", "a long and unusual passphrase 42")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Kasia Nowak")).to_be_visible()
