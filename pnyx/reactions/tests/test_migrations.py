"""The data migration that seeds the reaction weights."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from pnyx.reactions.enums import DEFAULT_WEIGHTS
from pnyx.reactions.models import ReactionWeight

pytestmark = pytest.mark.django_db

MIGRATION = ("reactions", "0002_default_reaction_weights")
EXPECTED = {"like": 1, "agree": 1, "disagree": 0, "informative": 1, "funny": 1}


def test_default_reaction_weights_migration_created_five_rows() -> None:
    rows = dict(ReactionWeight.objects.values_list("kind", "weight"))

    assert rows == EXPECTED
    assert ReactionWeight.objects.count() == 5


def test_default_reaction_weights_migration_matches_the_enum_defaults() -> None:
    assert dict(DEFAULT_WEIGHTS) == EXPECTED


def test_default_reaction_weights_migration_follows_the_schema_migration() -> None:
    loader = MigrationLoader(connection)
    migration = loader.graph.nodes[MIGRATION]

    assert migration.dependencies == [("reactions", "0001_initial")]
    assert MIGRATION in loader.applied_migrations
    (operation,) = migration.operations
    assert operation.reversible is True  # unapplying leaves the rows (noop)


def test_default_reaction_weights_migration_is_idempotent_and_keeps_edits() -> None:
    module = importlib.import_module("pnyx.reactions.migrations.0002_default_reaction_weights")
    state_apps = MigrationLoader(connection).project_state(MIGRATION).apps
    ReactionWeight.objects.filter(kind="funny").delete()
    ReactionWeight.objects.filter(kind="disagree").update(weight=-2)

    module.add_default_weights(state_apps, None)
    module.add_default_weights(state_apps, None)

    rows = dict(ReactionWeight.objects.values_list("kind", "weight"))
    assert rows == {**EXPECTED, "disagree": -2}
