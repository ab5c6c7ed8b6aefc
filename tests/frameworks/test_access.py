"""Who may open which criteria-set page, with which method, and that a published set
refuses every write on the server."""

import uuid

import pytest
from frameworks_support import fingerprint, new_node_data, node, node_data, url

from parindex.apps.frameworks.forms import SetForm
from parindex.apps.frameworks.services import READ_ONLY

pytestmark = pytest.mark.django_db

NODE_PAGES = ("node_add", "node_edit", "node_delete", "node_up", "node_down")
GET_ONLY = ("list", "detail", "export")
POST_ONLY = ("node_up", "node_down")
GET_AND_POST = (
    "import",
    "import_units",
    "edit",
    "bands",
    "publish",
    "delete",
    "copy",
    "mapping",
    "field_add",
    "node_add",
    "node_edit",
    "node_delete",
)
EVERY_PAGE = GET_ONLY + POST_ONLY + GET_AND_POST
MANAGING = tuple(name for name in EVERY_PAGE if name not in ("detail", "export"))
WRITES = (
    "edit",
    "bands",
    "publish",
    "delete",
    "mapping",
    "field_add",
    "node_add",
    "node_edit",
    "node_delete",
    "node_up",
    "node_down",
)


def page(name, criteria_set, other=None):
    if name in ("list", "import", "import_units"):
        return url(name)
    if name == "export":
        return url(name, criteria_set.uuid, "yaml")
    if name == "mapping":
        return url(name, criteria_set.uuid, other.uuid)
    if name in NODE_PAGES:
        return url(name, node(criteria_set, "1.3").uuid)
    return url(name, criteria_set.uuid)


def method(name):
    return "post" if name in POST_ONLY else "get"


def open_page(client, name, criteria_set, other):
    return getattr(client, method(name))(page(name, criteria_set, other))


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_anonymous_visitors_are_sent_to_sign_in(client, draft, published, name):
    response = open_page(client, name, draft, published)
    assert response.status_code == 302
    assert response.url.startswith("/dang-nhap/")


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_a_signed_in_user_without_any_role_sees_nothing(
    signed_in, personas, draft, published, name
):
    client = signed_in(personas.outsider)
    assert open_page(client, name, draft, published).status_code in (403, 404)
    assert open_page(client, name, published, draft).status_code in (403, 404)


OTHER_ROLES = ("staff", "leader", "appraiser", "council")


@pytest.mark.parametrize("name", MANAGING)
def test_unit_staff_leaders_appraisers_and_council_may_not_manage_sets(
    signed_in, personas, draft, published, name
):
    before = fingerprint()
    for role in OTHER_ROLES:
        client = signed_in(getattr(personas, role))
        assert open_page(client, name, draft, published).status_code == 403, role
        assert client.post(page(name, draft, published)).status_code in (403, 405), role
    assert fingerprint() == before


@pytest.mark.parametrize("name", ["detail", "export"])
def test_other_roles_do_not_see_drafts(signed_in, personas, draft, published, name):
    for role in OTHER_ROLES:
        client = signed_in(getattr(personas, role))
        assert open_page(client, name, draft, published).status_code == 404, role


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_role_views_a_published_tree_read_only(signed_in, personas, published, role):
    client = signed_in(getattr(personas, role))
    response = client.get(page("detail", published))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cải cách thủ tục hành chính" in text
    assert url("node_edit", node(published, "1.3").uuid) not in text
    assert url("copy", published.uuid) not in text
    assert client.get(page("export", published)).status_code == 200


@pytest.mark.parametrize("name", [n for n in EVERY_PAGE if n not in POST_ONLY])
def test_the_secretariat_and_administrators_open_every_page(
    signed_in, personas, draft, published, name
):
    for role in ("secretariat", "admin"):
        client = signed_in(getattr(personas, role))
        assert client.get(page(name, draft, published)).status_code == 200, role


@pytest.mark.parametrize("name", GET_ONLY)
def test_pages_that_only_show_refuse_posts(signed_in, personas, draft, published, name):
    client = signed_in(personas.secretariat)
    assert client.post(page(name, draft, published)).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY)
def test_moving_a_node_takes_a_post(signed_in, personas, draft, name):
    before = fingerprint()
    assert signed_in(personas.secretariat).get(page(name, draft)).status_code == 405
    assert fingerprint() == before


@pytest.mark.parametrize("name", GET_AND_POST)
def test_forms_refuse_other_methods(signed_in, personas, draft, published, name):
    client = signed_in(personas.secretariat)
    assert client.put(page(name, draft, published)).status_code == 405
    assert client.delete(page(name, draft, published)).status_code == 405


@pytest.mark.parametrize(
    "name", ["detail", "edit", "bands", "publish", "copy", "node_edit", "node_delete"]
)
def test_unknown_ids_are_not_found(signed_in, personas, name):
    client = signed_in(personas.secretariat)
    address = url(name, uuid.uuid4())
    assert client.get(address).status_code == 404


def test_an_unknown_download_format_is_not_found(signed_in, personas, published):
    client = signed_in(personas.secretariat)
    assert client.get(url("export", published.uuid, "pdf")).status_code == 404


def set_form_data(criteria_set):
    data = SetForm.initial_of(criteria_set)
    data.update(name="Tên khác", groups=["so", "xa"], decision_date="15/12/2023")
    return {k: v for k, v in data.items() if v is not None}


WRITE_DATA = {
    "edit": lambda target, other: set_form_data(target),
    "bands": lambda target, other: {"bands": "90 | Tốt | A"},
    "field_add": lambda target, other: new_node_data("9", "Lĩnh vực mới", 0),
    "node_add": lambda target, other: new_node_data("1.3.9", "Tiêu chí mới", 1, "judged"),
    "node_edit": lambda target, other: node_data(node(target, "1.3"), title="Nội dung khác"),
    "mapping": lambda target, other: {f"to_{node(other, '1.3').uuid.hex}": "1.1"},
}


def write_data(name, criteria_set, other):
    """Data that would change ``criteria_set`` if the write were allowed."""
    build = WRITE_DATA.get(name)
    return build(criteria_set, other) if build else {}


@pytest.mark.parametrize("name", WRITES)
def test_a_published_set_refuses_every_write(signed_in, personas, published, draft, name):
    client = signed_in(personas.secretariat)
    before = fingerprint()
    response = client.post(page(name, published, draft), write_data(name, published, draft))
    assert response.status_code == 403
    assert str(READ_ONLY) in response.content.decode()
    assert fingerprint() == before


@pytest.mark.parametrize("name", [n for n in WRITES if n not in (*POST_ONLY, "mapping")])
def test_a_published_set_offers_no_edit_form(signed_in, personas, published, name):
    response = signed_in(personas.secretariat).get(page(name, published))
    assert response.status_code == 403


def test_the_mapping_into_a_published_set_is_shown_without_a_form(
    signed_in, personas, published, draft
):
    response = signed_in(personas.secretariat).get(page("mapping", published, draft))
    assert response.status_code == 200
    assert '<input type="text"' not in response.content.decode()


def test_the_same_writes_succeed_on_a_draft(signed_in, personas, draft, published):
    """The refusals above are about publication, not about the data sent."""
    client = signed_in(personas.secretariat)
    for name in ("edit", "bands", "node_edit", "node_up", "field_add", "node_add"):
        response = client.post(page(name, draft, published), write_data(name, draft, published))
        assert response.status_code == 302, (name, response.content.decode()[-3000:])
