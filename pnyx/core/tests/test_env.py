"""Tests for pnyx.config.env: typed, fail-fast readers of deploy-time configuration."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from pnyx.config.env import (
    PREPARE_THRESHOLD,
    data_dir,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    private_file,
    redis_url,
    secret_key,
)

PREPARED = {"server_side_binding": True, "prepare_threshold": PREPARE_THRESHOLD}
POOL = {"min_size": 1, "max_size": 8, "timeout": 10}
LONG_KEY = "k" * 32


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- env_str


def test_env_str_strips_value_and_falls_back_to_default() -> None:
    assert env_str("X", "fallback", {"X": "  value \n"}) == "value"
    assert env_str("X", "fallback", {}) == "fallback"
    assert env_str("X", environ={}) == ""


# ---------------------------------------------------------------- env_bool


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "Yes", " on ", "yes\n"])
def test_env_bool_reads_true_words(raw: str) -> None:
    assert env_bool("FLAG", False, {"FLAG": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "NO", " off ", "", "   "])
def test_env_bool_reads_false_words(raw: str) -> None:
    assert env_bool("FLAG", True, {"FLAG": raw}) is False


def test_env_bool_unset_returns_default() -> None:
    assert env_bool("FLAG", True, {}) is True
    assert env_bool("FLAG", False, {}) is False
    assert env_bool("FLAG", environ={"OTHER": "1"}) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled", "truee"])
def test_env_bool_rejects_other_values_naming_the_variable(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("PNYX_DEBUG", False, {"PNYX_DEBUG": raw})

    assert str(error.value) == (
        f"PNYX_DEBUG={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off."
    )


@given(
    word=st.sampled_from(["1", "true", "yes", "on"]),
    upper=st.lists(st.booleans(), min_size=4, max_size=4),
    left=st.sampled_from(["", " ", "\t", "\n "]),
    right=st.sampled_from(["", " ", "\t", " \n"]),
)
def test_env_bool_true_words_ignore_case_and_whitespace(
    word: str, upper: list[bool], left: str, right: str
) -> None:
    mixed = "".join(c.upper() if up else c for c, up in zip(word, upper, strict=False))

    assert env_bool("FLAG", False, {"FLAG": f"{left}{mixed}{right}"}) is True


# ---------------------------------------------------------------- env_int


def test_env_int_parses_whole_numbers_with_whitespace() -> None:
    assert env_int("N", 5, environ={"N": " 42 "}) == 42
    assert env_int("N", 5, environ={"N": "-7"}) == -7


@pytest.mark.parametrize("environ", [{}, {"N": ""}, {"N": "   "}])
def test_env_int_unset_or_blank_returns_default(environ: dict[str, str]) -> None:
    assert env_int("N", 587, environ=environ) == 587


@pytest.mark.parametrize("raw", ["abc", "1.5", "1e3", "0x10", "12 34"])
def test_env_int_rejects_non_integers(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        env_int("PNYX_EMAIL_PORT", 587, environ={"PNYX_EMAIL_PORT": raw})

    assert str(error.value) == f"PNYX_EMAIL_PORT={raw!r} is not a whole number."


def test_env_int_enforces_minimum_and_maximum() -> None:
    with pytest.raises(ImproperlyConfigured) as low:
        env_int("PORT", 1, minimum=1, maximum=65535, environ={"PORT": "0"})
    with pytest.raises(ImproperlyConfigured) as high:
        env_int("PORT", 1, minimum=1, maximum=65535, environ={"PORT": "65536"})

    assert str(low.value) == "PORT=0 is below the minimum of 1."
    assert str(high.value) == "PORT=65536 is above the maximum of 65535."
    assert env_int("PORT", 1, minimum=1, maximum=65535, environ={"PORT": "1"}) == 1
    assert env_int("PORT", 1, minimum=1, maximum=65535, environ={"PORT": "65535"}) == 65535


@given(
    bounds=st.tuples(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6)).map(sorted),
    data=st.data(),
)
def test_env_int_accepts_every_value_within_bounds(bounds: list[int], data: st.DataObject) -> None:
    minimum, maximum = bounds
    value = data.draw(st.integers(minimum, maximum))

    assert env_int("N", 0, minimum=minimum, maximum=maximum, environ={"N": f" {value} "}) == value


# ---------------------------------------------------------------- env_list


def test_env_list_splits_on_commas_and_drops_blanks() -> None:
    environ = {"HOSTS": " a.example , b.example,,  ,c.example "}

    assert env_list("HOSTS", ["x"], environ) == ["a.example", "b.example", "c.example"]


def test_env_list_empty_value_is_empty_list() -> None:
    assert env_list("HOSTS", ["x"], {"HOSTS": ""}) == []


def test_env_list_unset_returns_a_copy_of_default() -> None:
    default = ["127.0.0.1", "localhost"]

    result = env_list("HOSTS", default, {})

    assert result == ["127.0.0.1", "localhost"]
    assert result is not default


@given(items=st.lists(st.text(alphabet="abcdefghij.-:[]0123456789", min_size=1), max_size=8))
def test_env_list_round_trips_comma_joined_items(items: list[str]) -> None:
    assert env_list("L", [], {"L": " , ".join(items)}) == items


# ---------------------------------------------------------------- env_secret


def test_env_secret_reads_the_variable() -> None:
    assert env_secret("PW", {"PW": "  hunter2  "}) == "hunter2"


def test_env_secret_unset_is_empty() -> None:
    assert env_secret("PW", {}) == ""


def test_env_secret_reads_the_file_named_by_file_variable(tmp_path: Path) -> None:
    secret_file = tmp_path / "pw"
    secret_file.write_text("from-file\n", encoding="utf-8")

    assert env_secret("PW", {"PW_FILE": str(secret_file)}) == "from-file"


def test_env_secret_refuses_both_variable_and_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "pw"
    secret_file.write_text("from-file", encoding="utf-8")

    with pytest.raises(ImproperlyConfigured) as error:
        env_secret("PW", {"PW": "direct", "PW_FILE": str(secret_file)})

    assert str(error.value) == "Set either PW or PW_FILE, not both."


def test_env_secret_unreadable_file_names_the_variable(tmp_path: Path) -> None:
    missing = tmp_path / "missing"

    with pytest.raises(ImproperlyConfigured) as error:
        env_secret("PW", {"PW_FILE": str(missing)})

    assert (
        str(error.value) == f"PW_FILE={str(missing)!r} cannot be read: No such file or directory."
    )


# ---------------------------------------------------------------- data_dir


def test_data_dir_creates_missing_directories(tmp_path: Path) -> None:
    wanted = tmp_path / "a" / "b"

    result = data_dir({"PNYX_DATA_DIR": f" {wanted} "})

    assert result == wanted.resolve()
    assert wanted.is_dir()


def test_data_dir_accepts_existing_directory(tmp_path: Path) -> None:
    assert data_dir({"PNYX_DATA_DIR": str(tmp_path)}) == tmp_path.resolve()


def test_data_dir_defaults_to_pnyx_data_in_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = data_dir({})

    assert result == (tmp_path / "pnyx-data").resolve()
    assert result.is_dir()


def test_data_dir_expands_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))

    assert data_dir({"PNYX_DATA_DIR": "~/forum"}) == (tmp_path / "forum").resolve()


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-dir"
    a_file.write_text("x", encoding="utf-8")

    with pytest.raises(ImproperlyConfigured) as error:
        data_dir({"PNYX_DATA_DIR": str(a_file)})

    assert str(error.value) == f"PNYX_DATA_DIR={str(a_file)!r} exists but is not a directory."


def test_data_dir_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    below_file = a_file / "data"

    with pytest.raises(ImproperlyConfigured) as error:
        data_dir({"PNYX_DATA_DIR": str(below_file)})

    assert (
        str(error.value) == f"PNYX_DATA_DIR={str(below_file)!r} cannot be created: Not a directory."
    )


def test_data_dir_is_created_closed_to_other_users(tmp_path: Path) -> None:
    created = data_dir({"PNYX_DATA_DIR": str(tmp_path / "forum")})
    assert file_mode(created) & 0o007 == 0


# ---------------------------------------------------------------- private_file


def test_private_file_creates_the_sqlite_database_owner_only_and_wal_follows(
    tmp_path: Path,
) -> None:
    path = private_file(tmp_path / "pnyx.sqlite3")
    assert file_mode(path) == 0o600
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("create table t (x)")
        db.execute("insert into t values (1)")
        assert file_mode(tmp_path / "pnyx.sqlite3-wal") == 0o600
        assert file_mode(tmp_path / "pnyx.sqlite3-shm") == 0o600
    assert file_mode(path) == 0o600


def test_private_file_narrows_a_world_readable_database_and_its_wal(tmp_path: Path) -> None:
    """Databases created before this fix were 0644 (SECURITY.md ASVS: data at rest)."""
    names = ["pnyx.sqlite3", "pnyx.sqlite3-wal", "pnyx.sqlite3-shm"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
        (tmp_path / name).chmod(0o644)
    private_file(tmp_path / "pnyx.sqlite3")
    assert [file_mode(tmp_path / name) for name in names] == [0o600, 0o600, 0o600]


def test_private_file_keeps_an_existing_database_content(tmp_path: Path) -> None:
    path = tmp_path / "pnyx.sqlite3"
    path.write_bytes(b"data")
    path.chmod(0o600)
    assert private_file(path) == path
    assert path.read_bytes() == b"data"
    assert file_mode(path) == 0o600


# ---------------------------------------------------------------- secret_key


def test_secret_key_is_generated_once_with_owner_only_mode(tmp_path: Path) -> None:
    key = secret_key(tmp_path, {})

    key_file = tmp_path / "secret_key"
    assert len(key) >= 50
    assert key_file.read_text(encoding="utf-8") == key
    assert file_mode(key_file) == 0o600


def test_secret_key_is_reused_from_the_data_directory(tmp_path: Path) -> None:
    first = secret_key(tmp_path, {})

    second = secret_key(tmp_path, {})

    assert second == first
    assert (tmp_path / "secret_key").read_text(encoding="utf-8") == first


def test_secret_key_existing_file_is_read_stripped(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text(f"{LONG_KEY}\n", encoding="utf-8")

    assert secret_key(tmp_path, {}) == LONG_KEY


def test_secret_key_too_short_stored_key_is_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("short", encoding="utf-8")
    key_file.chmod(0o600)

    key = secret_key(tmp_path, {})

    assert key != "short"
    assert len(key) >= 50
    assert key_file.read_text(encoding="utf-8") == key


def test_secret_key_regenerated_key_file_is_owner_only(tmp_path: Path) -> None:
    # os.open(..., O_TRUNC, 0o600) applies the mode only when it creates the file.
    key_file = tmp_path / "secret_key"
    key_file.write_text("short", encoding="utf-8")
    key_file.chmod(0o644)

    key = secret_key(tmp_path, {})

    assert key_file.read_text(encoding="utf-8") == key
    assert file_mode(key_file) == 0o600


def test_secret_key_configured_key_wins_and_writes_no_file(tmp_path: Path) -> None:
    key = secret_key(tmp_path, {"PNYX_SECRET_KEY": f" {LONG_KEY} "})

    assert key == LONG_KEY
    assert not (tmp_path / "secret_key").exists()


def test_secret_key_configured_through_file_variable(tmp_path: Path) -> None:
    key_source = tmp_path / "mounted"
    key_source.write_text(LONG_KEY, encoding="utf-8")

    assert secret_key(tmp_path, {"PNYX_SECRET_KEY_FILE": str(key_source)}) == LONG_KEY


def test_secret_key_too_short_configured_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        secret_key(tmp_path, {"PNYX_SECRET_KEY": "k" * 31})

    assert str(error.value) == "PNYX_SECRET_KEY must be at least 32 characters long."
    assert not (tmp_path / "secret_key").exists()


# ---------------------------------------------------------------- database_from_url


def test_database_from_url_full_postgres_url() -> None:
    config = database_from_url("postgres://pnyx:s3cret@db.example.org:6543/forum")

    assert config == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "forum",
        "USER": "pnyx",
        "PASSWORD": "s3cret",
        "HOST": "db.example.org",
        "PORT": "6543",
        "OPTIONS": {"connect_timeout": "3", **PREPARED, "pool": POOL},
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
    }


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_database_from_url_accepts_postgres_scheme_aliases(scheme: str) -> None:
    config = database_from_url(f"{scheme}://127.0.0.1/pnyx")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "pnyx"
    assert config["USER"] == ""
    assert config["PASSWORD"] == ""
    assert config["HOST"] == "127.0.0.1"
    assert config["PORT"] == "5432"


def test_database_from_url_pool_false_disables_pool_and_keeps_connections() -> None:
    config = database_from_url("postgres://u@h/db?pool=false")

    assert config["OPTIONS"] == {"connect_timeout": "3", **PREPARED}
    assert config["CONN_MAX_AGE"] == 600


def test_database_from_url_passes_query_options_through() -> None:
    config = database_from_url("postgres://u@h/db?sslmode=require&connect_timeout=10&pool=on")

    assert config["OPTIONS"] == {
        "sslmode": "require",
        "connect_timeout": "10",
        **PREPARED,
        "pool": POOL,
    }
    assert config["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("prepare_threshold=none", {"server_side_binding": True, "prepare_threshold": None}),
        ("prepare_threshold=0", {"server_side_binding": True, "prepare_threshold": 0}),
        (
            "server_side_binding=on&prepare_threshold=5",
            {"server_side_binding": True, "prepare_threshold": 5},
        ),
        ("server_side_binding=false", {}),
        ("server_side_binding=false&prepare_threshold=3", {}),
    ],
)
def test_database_from_url_statement_options(query: str, options: dict[str, object]) -> None:
    config = database_from_url(f"postgres://u@h/db?pool=false&{query}")

    assert config["OPTIONS"] == {"connect_timeout": "3", **options}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("server_side_binding=maybe", "server_side_binding must be true or false"),
        ("prepare_threshold=-1", "prepare_threshold must be a whole number or none"),
        ("prepare_threshold=often", "prepare_threshold must be a whole number or none"),
    ],
)
def test_database_from_url_rejects_bad_statement_options(query: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(f"postgres://u@h/db?{query}")


def test_database_from_url_decodes_percent_encoded_credentials() -> None:
    config = database_from_url("postgres://us%40er:p%40ss%3Aw%2Frd%25@h:5432/my%20db")

    assert config["USER"] == "us@er"
    assert config["PASSWORD"] == "p@ss:w/rd%"
    assert config["NAME"] == "my db"


def test_database_from_url_ipv6_host() -> None:
    config = database_from_url("postgres://u@[::1]:5433/db")

    assert config["HOST"] == "::1"
    assert config["PORT"] == "5433"


@given(
    user=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    password=st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
def test_database_from_url_round_trips_encoded_credentials(user: str, password: str) -> None:
    url = f"postgres://{quote(user, safe='')}:{quote(password, safe='')}@db.example/pnyx"

    config = database_from_url(url)

    assert config["USER"] == user
    assert config["PASSWORD"] == password
    assert config["HOST"] == "db.example"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "mysql://u:p@h/db",
            "DATABASE_URL must start with postgres:// (got scheme 'mysql'); "
            "leave it unset to use the embedded SQLite database.",
        ),
        (
            "not a url",
            "DATABASE_URL must start with postgres:// (got scheme '(none)'); "
            "leave it unset to use the embedded SQLite database.",
        ),
        (
            "postgres://host",
            "DATABASE_URL must name one database, e.g. postgres://user@127.0.0.1:5432/pnyx.",
        ),
        (
            "postgres://host/",
            "DATABASE_URL must name one database, e.g. postgres://user@127.0.0.1:5432/pnyx.",
        ),
        (
            "postgres://host/a/b",
            "DATABASE_URL must name one database, e.g. postgres://user@127.0.0.1:5432/pnyx.",
        ),
        (
            "postgres:///pnyx",
            "DATABASE_URL must name a host, e.g. postgres://user@127.0.0.1/pnyx.",
        ),
        ("postgres://:99999/x", "DATABASE_URL is malformed: Port out of range 0-65535."),
        (
            "postgres://h:abc/x",
            "DATABASE_URL is malformed: Port could not be cast to integer value as 'abc'.",
        ),
        ("postgres://[::1/x", "DATABASE_URL is malformed: Invalid IPv6 URL."),
    ],
)
def test_database_from_url_malformed_urls_name_database_url(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        database_from_url(url)

    assert str(error.value) == message


def test_database_from_url_messages_use_given_variable_name() -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        database_from_url("mysql://h/db", name="REPLICA_URL")

    assert str(error.value).startswith("REPLICA_URL must start with postgres://")


@given(url=st.one_of(st.text(), st.text().map(lambda rest: f"postgres://{rest}")))
def test_database_from_url_fails_only_with_improperly_configured(url: str) -> None:
    try:
        config = database_from_url(url)
    except ImproperlyConfigured as error:
        assert str(error).startswith("DATABASE_URL ")
    else:
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert config["NAME"] != ""
        assert config["HOST"] != ""


# ---------------------------------------------------------------- redis_url


def test_redis_url_unset_or_blank_is_empty() -> None:
    assert redis_url({}) == ""
    assert redis_url({"REDIS_URL": "  "}) == ""


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://:pw@cache.example:6380/1", "unix:///run/r.sock"]
)
def test_redis_url_accepts_redis_schemes(url: str) -> None:
    assert redis_url({"REDIS_URL": f" {url} "}) == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://cache:6379", "REDIS_URL must start with redis://, rediss:// or unix://."),
        ("localhost:6379", "REDIS_URL must start with redis://, rediss:// or unix://."),
        ("redis://cache:99999/0", "REDIS_URL is malformed: Port out of range 0-65535."),
        ("redis://[::1/0", "REDIS_URL is malformed: Invalid IPv6 URL."),
    ],
)
def test_redis_url_refuses_other_urls(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        redis_url({"REDIS_URL": url})

    assert str(error.value) == message
