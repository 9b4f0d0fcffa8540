"""Console sessions: login, CSRF on every change, expiry, logout."""

import httpx
from sqlalchemy import create_engine, text

from tests.agents import create_agent
from tests.test_tickets import escalate_to_hr


def login(base, agent) -> tuple[httpx.Client, str]:
    session = httpx.Client(base_url=base, timeout=30)
    response = session.post("/api/auth/login", json={"username": agent["username"],
                                                     "password": agent["password"]})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    return session, response.json()["csrf_token"]


def test_wrong_password_and_form_posts_are_refused(stack, database_url):
    agent = create_agent(database_url, "hr", password="a long enough secret")
    base = stack.urls["web"]
    assert httpx.post(f"{base}/api/auth/login", json={"username": agent["username"],
                      "password": "nope"}).status_code == 401
    form = httpx.post(f"{base}/api/auth/login", data={"username": agent["username"],
                      "password": agent["password"]})
    assert form.status_code in (415, 422)  # a cross-site HTML form cannot log anyone in


def test_changes_need_the_csrf_token(stack, database_url, web, sender):
    agent = create_agent(database_url, "hr", password="a long enough secret")
    session, csrf = login(stack.urls["web"], agent)
    number = escalate_to_hr(web, sender)
    assert session.get("/api/tickets").status_code == 200  # reading needs no token
    assert session.post(f"/api/tickets/{number}/claim").status_code == 403
    assert session.post(f"/api/tickets/{number}/claim",
                        headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert session.post(f"/api/tickets/{number}/claim",
                        headers={"X-CSRF-Token": csrf}).status_code == 200
    session.close()


def test_sessions_expire_and_logout_ends_them(stack, database_url):
    agent = create_agent(database_url, "hr", password="a long enough secret")
    session, csrf = login(stack.urls["web"], agent)
    assert session.get("/api/me").json()["username"] == agent["username"]
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE agent_sessions SET expires_at = now() - interval '1 minute' "
                          "WHERE agent_id = (SELECT id FROM agents WHERE username = :u)"),
                     {"u": agent["username"]})
    engine.dispose()
    assert session.get("/api/me").status_code == 401
    session, csrf = login(stack.urls["web"], agent)
    sid = session.cookies.get("hotline_session")
    assert session.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    # The old cookie is dead on the server, not just forgotten by the browser.
    assert httpx.get(f"{stack.urls['web']}/api/me", cookies={"hotline_session": sid}).status_code == 401
    session.close()
