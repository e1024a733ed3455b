"""A lost database connection costs a retry or a 503 with Retry-After, never a 500, and
never a write done twice (issue 9: "A dropped PostgreSQL connection costs a 500";
SECURITY.md C.1 PostgreSQL crash / hang).

On PostgreSQL the app's connection is really killed with ``pg_terminate_backend``, between
requests or just before a chosen statement; on any engine a "database is locked" error (what
SQLite raises past its busy timeout) is injected at a chosen statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory

from pnyx.accounts.models import Member
from pnyx.core import faults
from pnyx.core.forms import new_form_key
from pnyx.core.views import server_error
from pnyx.reactions.models import Reaction
from pnyx.testing.api import ApiClient, error_of
from pnyx.testing.factories import first_post, make_token
from pnyx.threads.models import Post, Thread

Execute = Callable[[str, Any, bool, dict[str, Any]], Any]


class Fault:
    """An execute wrapper that breaks the connection once, just before the first statement
    matching ``pattern``: really (PostgreSQL, ``kill=True``) or by raising the lock error."""

    def __init__(self, pattern: str, *, kill: bool = False) -> None:
        self.pattern = re.compile(pattern, re.IGNORECASE)
        self.kill = kill
        self.fired = 0

    def __call__(
        self, execute: Execute, sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        if not self.fired and self.pattern.search(sql):
            self.fired += 1
            if self.kill:
                _terminate(context["connection"].connection.info.backend_pid)
            else:
                raise OperationalError("database is locked")
        return execute(sql, params, many, context)


@pytest.fixture
def fault() -> Iterator[Callable[..., Fault]]:
    installed: list[Fault] = []

    def install(pattern: str, *, kill: bool = False) -> Fault:
        each = Fault(pattern, kill=kill)
        connection.execute_wrappers.append(each)
        installed.append(each)
        return each

    yield install
    for each in installed:
        connection.execute_wrappers.remove(each)


def _terminate(pid: int) -> None:
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"],
        port=settings["PORT"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


@pytest.fixture
def postgres(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PostgreSQL with a connection kept between requests, as a pool keeps it (and no
    health check before reuse, which a pool does not do either). The test shares the
    connection with its requests: it kills it only right before one."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    yield
    connection.close()  # whatever state the last request left it in


def _signed_in(member: Member) -> Client:
    """A member's client. A fault that surfaces in a middleware (the staff two-factor check
    loads the member before any view runs) is turned into a 500 by Django, which reports it
    through got_request_exception; the test client would re-raise it although the retry
    answered, so it is told not to: the response is what a browser gets."""
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def _backend_pid() -> int:
    connection.ensure_connection()
    pid: int = connection.connection.info.backend_pid
    return pid


def _assert_503(response: Any) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
    assert response["X-Request-ID"] in response.content.decode()


# ---------------------------------------------------------------- PostgreSQL, for real


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_between_requests_costs_nothing(
    postgres: None, member: Member, thread: Thread
) -> None:
    reader = _signed_in(member)
    url = thread.get_absolute_url()
    assert reader.get(url).status_code == 200
    killed = _backend_pid()
    _terminate(killed)
    page = reader.get(url)  # the first statement fails; the request runs again
    assert page.status_code == 200
    assert thread.title in page.content.decode()
    assert _backend_pid() != killed
    # A write without a key too: it had sent nothing when the dead connection failed.
    post = first_post(thread)
    _terminate(_backend_pid())
    reacted = reader.post(f"/posts/{post.pk}/react/", {"kind": "like"})
    assert reacted.status_code == 302
    assert Reaction.objects.filter(post=post, member=member).count() == 1
    api = ApiClient(make_token(member), client=reader)
    _terminate(_backend_pid())
    assert api.get(f"/threads/{thread.pk}").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_reply_whose_connection_dies_mid_write_is_saved_exactly_once(
    postgres: None, member: Member, thread: Thread, fault: Callable[..., Fault]
) -> None:
    writer = Client()
    writer.force_login(member)
    killer = fault(r"^INSERT INTO \"threads_post\"", kill=True)
    response = writer.post(
        f"{thread.get_absolute_url()}reply/",
        {"body": "Sent once, whatever happens", "idempotency_key": new_form_key()},
    )
    assert killer.fired == 1
    assert response.status_code == 302
    assert Post.objects.filter(thread=thread, source="Sent once, whatever happens").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_api_write_with_a_key_survives_its_connection_dying(
    postgres: None, member: Member, thread: Thread, fault: Callable[..., Fault]
) -> None:
    api = ApiClient(make_token(member))
    killer = fault(r"^INSERT INTO \"threads_post\"", kill=True)
    response = api.post(
        f"/threads/{thread.pk}/posts", {"body": "Keyed API reply"}, **{"Idempotency-Key": "k-77"}
    )
    assert killer.fired == 1
    assert response.status_code == 201
    assert Post.objects.filter(thread=thread, source="Keyed API reply").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_without_a_key_that_lost_its_connection_mid_write_is_503(
    postgres: None, member: Member, thread: Thread, fault: Callable[..., Fault]
) -> None:
    post = first_post(thread)
    reader = Client()
    reader.force_login(member)
    fault(r"^INSERT INTO \"reactions_reaction\"", kill=True)
    _assert_503(reader.post(f"/posts/{post.pk}/react/", {"kind": "like"}))
    assert Reaction.objects.filter(post=post).count() == 0  # its transaction never committed
    assert reader.post(f"/posts/{post.pk}/react/", {"kind": "like"}).status_code == 302

    api = ApiClient(make_token(member))
    fault(r"^DELETE FROM \"reactions_reaction\"", kill=True)
    answer = api.delete(f"/posts/{post.pk}/reactions/like")
    assert answer.status_code == 503
    assert answer["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
    assert error_of(answer) == {
        "code": "unavailable",
        "message": "The database is unavailable for a moment; try again shortly.",
        "fields": {},
        "request_id": answer["X-Request-ID"],
    }
    assert Reaction.objects.filter(post=post).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_a_pool_a_restart_that_killed_every_connection_costs_nothing(
    monkeypatch: pytest.MonkeyPatch, member: Member, thread: Thread
) -> None:
    """psycopg's pool without its check on each checkout (``CONN_HEALTH_CHECKS`` off):
    every pooled connection dies at once (a server restart); the retry must not draw
    another dead one from the pool."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    connection.close()
    options = {**connection.settings_dict["OPTIONS"], "pool": {"min_size": 3, "max_size": 3}}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    try:
        reader = _signed_in(member)
        url = thread.get_absolute_url()
        assert reader.get(url).status_code == 200
        pool: Any = getattr(connection, "pool", None)  # PostgreSQL's wrapper only
        assert pool is not None
        pids = [_backend_pid()]
        connection.close()  # back to the pool
        with psycopg.connect(
            dbname=connection.settings_dict["NAME"],
            user=connection.settings_dict["USER"],
            host=connection.settings_dict["HOST"],
            port=connection.settings_dict["PORT"],
            autocommit=True,
        ) as admin:
            killed = admin.execute(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid, 5000) FROM "
                "pg_stat_activity WHERE datname = current_database() AND "
                "pid <> pg_backend_pid()) AS t"
            ).fetchone()
        assert killed is not None and killed[0] >= 3
        page = reader.get(url)
        assert page.status_code == 200
        assert _backend_pid() not in pids
    finally:
        connection.close()
        getattr(connection, "close_pool")()  # noqa: B009 - PostgreSQL's wrapper only


# ---------------------------------------------------------------- any engine


@pytest.mark.django_db(transaction=True)
def test_a_read_that_meets_a_locked_database_is_run_again(
    member: Member, thread: Thread, fault: Callable[..., Fault], caplog: pytest.LogCaptureFixture
) -> None:
    reader = Client()
    reader.force_login(member)
    locked = fault(r"^SELECT .* FROM \"threads_thread\"")
    page = reader.get(thread.get_absolute_url())
    assert locked.fired == 1
    assert page.status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name == "pnyx.core.middleware"] == [
        "database connection lost (OperationalError); running the request again"
    ]


@pytest.mark.django_db(transaction=True)
def test_a_write_without_a_key_after_its_first_write_is_503_not_500(
    member: Member, thread: Thread, fault: Callable[..., Fault]
) -> None:
    post = first_post(thread)
    reader = Client()
    reader.force_login(member)
    fault(r"^INSERT INTO \"reactions_reaction\"")
    response = reader.post(f"/posts/{post.pk}/react/", {"kind": "like"})
    _assert_503(response)
    assert "The forum is unavailable for a moment" in response.content.decode()
    assert Reaction.objects.filter(post=post).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_keyed_reply_is_run_again_after_a_failed_write(
    member: Member, thread: Thread, fault: Callable[..., Fault]
) -> None:
    writer = Client()
    writer.force_login(member)
    locked = fault(r"^INSERT INTO \"threads_post\"")
    response = writer.post(
        f"{thread.get_absolute_url()}reply/",
        {"body": "Locked, then saved", "idempotency_key": new_form_key()},
    )
    assert locked.fired == 1
    assert response.status_code == 302
    assert Post.objects.filter(thread=thread, source="Locked, then saved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_failure_is_503(
    member: Member, thread: Thread, fault: Callable[..., Fault]
) -> None:
    fault(r"FROM \"threads_thread\"")
    fault(r"FROM \"threads_thread\"")
    response = Client().get(thread.get_absolute_url())
    _assert_503(response)


def test_inside_a_transaction_it_does_not_own_the_request_is_not_run_again(
    member_client: Client, thread: Thread, fault: Callable[..., Fault]
) -> None:
    locked = fault(r"FROM \"threads_thread\"")
    _assert_503(member_client.get(thread.get_absolute_url()))
    assert locked.fired == 1


def test_an_error_outside_the_view_is_503_through_the_error_handler() -> None:
    request = RequestFactory().get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert request.META[faults.FAULT] == "OperationalError"
    try:
        raise RuntimeError("not the database")
    except RuntimeError:
        other = server_error(RequestFactory().get("/"))
    assert other.status_code == 500


def _wrapped(error: BaseException) -> OperationalError:
    try:
        raise OperationalError(str(error)) from error
    except OperationalError as wrapped:
        return wrapped


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (InterfaceError("connection already closed"), True),
        (_wrapped(psycopg.OperationalError("server closed the connection")), True),
        (_wrapped(psycopg.errors.AdminShutdown("terminating connection")), True),
        (_wrapped(psycopg.errors.TooManyConnections("too many clients")), True),
        (_wrapped(psycopg.errors.DeadlockDetected("deadlock")), True),
        (_wrapped(psycopg.errors.ConnectionFailure("lost")), True),
        (_wrapped(psycopg.errors.QueryCanceled("statement timeout")), False),
        (OperationalError("database is locked"), True),
        (OperationalError("no such table: threads_post"), False),
        (ValueError("database is locked"), False),
    ],
)
def test_which_errors_are_transient(error: BaseException, transient: bool) -> None:
    assert faults.is_transient(error) is transient


def test_a_write_watch_tells_reads_from_writes() -> None:
    def run(*statements: str) -> bool:
        watch = faults.WriteWatch()
        for sql in statements:
            watch(lambda *args: None, sql, None, False, {})
        return watch.wrote

    assert run("SELECT 1", "SAVEPOINT s1", "RELEASE SAVEPOINT s1", " (SELECT 2)") is False
    assert run("SELECT 1", 'INSERT INTO "t" VALUES (1)') is True
    assert run('UPDATE "t" SET a = 1') is True
    assert run("WITH x AS (DELETE FROM t RETURNING 1) SELECT 1") is True


def test_only_safe_or_keyed_or_untouched_requests_may_be_run_again() -> None:
    factory = RequestFactory()
    untouched, wrote = faults.WriteWatch(), faults.WriteWatch()
    wrote.wrote = True
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "in_atomic_block", False)
        assert faults.may_retry(factory.get("/"), wrote) is True
        assert faults.may_retry(factory.post("/", {"kind": "like"}), untouched) is True
        assert faults.may_retry(factory.post("/", {"kind": "like"}), wrote) is False
        keyed = factory.post("/", {"idempotency_key": "abc"})
        assert faults.may_retry(keyed, wrote) is True
        api = factory.post("/", "{}", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
        assert faults.may_retry(api, wrote) is True
