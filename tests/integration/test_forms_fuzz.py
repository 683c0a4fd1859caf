"""Whatever is posted to the residents' forms: never a server error; either all is stored or nothing."""

from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from gjestebud.hosts.forms import strip_control_characters, suggestion_lines
from gjestebud.models import Host, Report, Suggestion

# Function-scoped fixtures are shared by all examples of a test: one topic and host, many posts.

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

junk = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.just(""),
)


@st.composite
def posted(draw, valid: dict) -> dict:
    """A valid form with up to three fields replaced by junk: both paths (stored, refused) get exercised."""
    data = {name: draw(value) if isinstance(value, st.SearchStrategy) else value
            for name, value in valid.items()}
    for name in draw(st.lists(st.sampled_from(sorted(valid)), max_size=3, unique=True)):
        data[name] = draw(junk)
    return data


@pytest.fixture
def topic(municipality, make_topic):
    return make_topic(municipality)


@pytest.fixture
def host_token(topic, make_host) -> str:
    return make_host(topic)[1]


def stored(db) -> tuple:
    texts = db.scalars(select(Suggestion.text).order_by(Suggestion.question_id, Suggestion.position)).all()
    return count(db, Report), count(db, Suggestion), list(texts)


def count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


@FUZZ
@given(data=posted({
    "name": st.text(min_size=1, max_size=120),
    "email": st.from_regex(r"[a-z0-9.]{1,20}@example\.org", fullmatch=True),
    "phone": "+47 400 00 000", "area": st.sampled_from(["Sjøvegan", "Laksvatn", ""]),
    "planned_date": date.today().isoformat(), "expected_guests": st.integers(1, 20).map(str),
    "language": st.sampled_from(["nb", "nn", "se", "en"]), "consent": "y",
    "website": st.sampled_from(["", "", "spam"]),
}))
def test_signup_survives_any_input(client, db, topic, data):
    before = count(db, Host)
    response = client.post("/salangen/sjovegan-sentrum/bli-vert", data=data)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert count(db, Host) == before
    elif data["website"]:
        assert count(db, Host) == before
    else:
        email = data["email"].strip().lower()
        assert db.scalar(select(Host).where(Host.email == email)) is not None


@FUZZ
@given(data=posted({
    "held_on": date.today().isoformat(), "participants": st.integers(1, 50).map(str),
    "age_under_18": "", "age_18_34": "1", "age_35_66": "", "age_67_plus": "",
    "q1": st.text(min_size=1, max_size=500), "q2": "Kafé", "button": st.sampled_from(["send", "save"]),
}))
def test_report_survives_any_input(client, db, topic, host_token, data):
    first, second = topic.questions[0].id, topic.questions[1].id
    form = {key: value for key, value in data.items() if key not in ("q1", "q2", "button")}
    form.update({f"q{first}": data["q1"], f"q{second}": data["q2"], str(data["button"]): "x"})
    before = stored(db)
    response = client.post(f"/vert/{host_token}/rapport", data=form)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302)
    after = stored(db)
    if response.status_code == 200:
        assert after == before
    else:
        expected = [line for text in (data["q1"], data["q2"])
                    for line in suggestion_lines(strip_control_characters(text))]
        assert after[2] == expected


# Staff sign-in and accounts: whatever is posted, never a server error, never a session without the right
# password, never a redirect off the site.

UNSAFE_NEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40).map(lambda t: "/" + t),
    st.builds("".join, st.lists(st.sampled_from([
        "/", "\\", "%2f", "%5c", "%09", "%0a", "%25", "\t", "\n", ":", "evil.example", "https:", "\uff0f",
        "\u3002", "@", "."]), max_size=8)),
)


@FUZZ
@given(target=UNSAFE_NEXT)
def test_language_switch_stays_on_the_site_whatever_next(client, target):
    from urllib.parse import urlsplit

    response = client.get("/lang/nb", query_string={"next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc
    assert location.startswith("/") and not location.startswith("//")
    assert "\\" not in location and not any(c.isspace() for c in location)


@pytest.fixture
def staff(make_user, municipality):
    return make_user("organiser", municipality, email="kari@salangen.example")


@FUZZ
@given(data=posted({"email": "kari@salangen.example", "password": "wrong but long enough"}),
       target=UNSAFE_NEXT)
def test_login_survives_any_input_and_never_lets_a_wrong_password_in(client, staff, data, target):
    response = client.post("/staff/login", query_string={"next": target}, data=data)
    event(f"status {response.status_code}")
    assert response.status_code == 200
    assert client.get("/staff/").status_code == 302


@FUZZ
@given(data=posted({"current": "correct horse battery staple", "password": "tre ulike ord og litt til",
                    "confirm": "tre ulike ord og litt til"}))
def test_password_change_survives_any_input(client, db, login, staff, data):
    from gjestebud.models import User
    from gjestebud.services.users import password_matches

    login(staff)
    response = client.post("/staff/account/password", data=data)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302)
    db.expire_all()
    user = db.get(User, staff.id)
    if response.status_code == 302:
        assert password_matches(user, data["password"]) and data["password"] == data["confirm"]
        # Back to the known password for the next example.
        from gjestebud.services.users import set_password

        set_password(db, user, "correct horse battery staple", actor=user, must_change=False)
    else:
        assert password_matches(user, "correct horse battery staple")


@FUZZ
@given(data=posted({"email": "ny@salangen.example", "name": "Nina Saksbehandler",
                    "role": st.sampled_from(["", "admin", "organiser", "planner"]),
                    "municipality_id": st.sampled_from(["", "1"]), "password": "tre ulike ord og litt til"}))
def test_new_user_survives_any_input_and_never_makes_an_admin_by_default(client, db, login, make_user, data):
    from gjestebud.models import Role, User

    login(make_user("admin"))
    response = client.post("/staff/admin/users/new", data=data)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302)
    db.expire_all()
    created = db.scalar(select(User).where(User.email == "ny@salangen.example"))
    if response.status_code == 200:
        assert created is None
        return
    assert created.role.value == data["role"]
    assert (created.municipality_id is None) == (created.role is Role.ADMIN)
    db.delete(created)
    db.commit()


NAME_PIECES = ["Kari", " ", ",", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\t", "\u202e", "VIKTIG:",
               "https://", "bankid-sjekk", ".no", "www.", "@", "example.org", "Ødegård", "-", "."]
hostile_name = st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=12).map("".join)


@FUZZ
@given(name=hostile_name)
def test_a_stored_host_name_is_one_plain_line(client, db, topic, name):
    """Whatever is typed as a name, what is stored (and mailed) is one line without links or addresses."""
    response = client.post("/salangen/sjovegan-sentrum/bli-vert", data={
        "name": name, "email": "kari@example.org", "expected_guests": "5", "language": "nb", "consent": "y"})
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302)
    stored_name = db.scalar(select(Host.name).where(Host.email == "kari@example.org"))
    if response.status_code == 302 and stored_name is not None:
        assert not any(char in stored_name for char in "\n\r\t\u2028\u2029\x85\u202e@")
        assert "://" not in stored_name and "www." not in stored_name.lower() and ".no" not in stored_name
