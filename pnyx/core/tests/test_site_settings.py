"""Tests for the run-time SiteSettings row and its cached reader."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from pnyx.core import site_settings
from pnyx.core.models import SITE_SETTINGS_CACHE_KEY, SiteSettings
from pnyx.core.site_settings import forget_site_settings, get_site_settings


@pytest.mark.django_db
def test_get_site_settings_creates_the_row_with_defaults() -> None:
    assert SiteSettings.objects.count() == 0

    current = get_site_settings()

    assert current.pk == 1
    assert SiteSettings.objects.count() == 1
    assert current.name == "Pnyx"
    assert current.tagline == "World affairs, argued in good faith."
    assert current.registration_open is True
    assert current.edit_window_minutes == 1440
    assert current.posts_per_page == 20
    assert current.threads_per_page == 25
    assert str(current) == "Pnyx"


@pytest.mark.django_db
def test_get_site_settings_creates_the_row_only_once() -> None:
    get_site_settings()
    forget_site_settings()

    get_site_settings()

    assert SiteSettings.objects.count() == 1


@pytest.mark.django_db
def test_get_site_settings_second_call_costs_no_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    first = get_site_settings()

    with django_assert_num_queries(0):
        second = get_site_settings()

    assert second is first


@pytest.mark.django_db
def test_get_site_settings_reads_shared_cache_without_query(
    django_assert_num_queries: DjangoAssertNumQueries, monkeypatch: pytest.MonkeyPatch
) -> None:
    get_site_settings()
    # Another process: nothing held locally, the shared cache has the row.
    monkeypatch.setattr(site_settings, "_local", None)

    with django_assert_num_queries(0):
        current = get_site_settings()

    assert current.pk == 1
    assert isinstance(cache.get(SITE_SETTINGS_CACHE_KEY), SiteSettings)


@pytest.mark.django_db
def test_get_site_settings_reads_existing_row() -> None:
    SiteSettings.objects.create(name="Agora", posts_per_page=50)

    current = get_site_settings()

    assert (current.pk, current.name, current.posts_per_page) == (1, "Agora", 50)


@pytest.mark.django_db
def test_site_settings_save_is_seen_by_next_call() -> None:
    current = get_site_settings()
    edited = SiteSettings.objects.get(pk=1)
    edited.name = "Agora"
    edited.registration_open = False
    edited.save()

    after = get_site_settings()

    assert after is not current
    assert (after.name, after.registration_open) == ("Agora", False)
    assert cache.get(SITE_SETTINGS_CACHE_KEY).name == "Agora"


@pytest.mark.django_db
def test_site_settings_local_copy_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_site_settings()
    # Changed behind the reader's back (another process) and the shared cache dropped.
    SiteSettings.objects.filter(pk=1).update(name="Changed elsewhere")
    cache.delete(SITE_SETTINGS_CACHE_KEY)

    still_local = get_site_settings()
    monkeypatch.setattr(site_settings, "_local", (time.monotonic() - 0.001, first))
    refreshed = get_site_settings()

    assert still_local is first
    assert still_local.name == "Pnyx"
    assert refreshed.name == "Changed elsewhere"


@pytest.mark.django_db
def test_forget_site_settings_clears_local_and_shared_copies() -> None:
    get_site_settings()

    forget_site_settings()

    assert site_settings._local is None
    assert cache.get(SITE_SETTINGS_CACHE_KEY) is None


@pytest.mark.django_db
def test_site_settings_save_forces_single_row() -> None:
    SiteSettings.objects.create(name="First")

    second = SiteSettings(pk=7, name="Second")
    second.save()

    assert second.pk == 1
    assert list(SiteSettings.objects.values_list("pk", "name")) == [(1, "Second")]


@pytest.mark.django_db
def test_site_settings_new_instance_saves_as_row_one() -> None:
    created = SiteSettings(name="Fresh")

    created.save()

    assert created.pk == 1
    assert list(SiteSettings.objects.values_list("pk", "name")) == [(1, "Fresh")]


@pytest.mark.django_db
def test_site_settings_constraint_refuses_a_second_row() -> None:
    SiteSettings.objects.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.bulk_create([SiteSettings(pk=2, name="Sneaky")])

    assert list(SiteSettings.objects.values_list("pk", flat=True)) == [1]


@pytest.mark.django_db
def test_site_settings_reach_templates(guest_client: Client) -> None:
    SiteSettings.objects.create(name="Agora Test Forum")

    response = guest_client.get("/")

    assert response.status_code == 200
    assert "Agora Test Forum" in response.content.decode()
