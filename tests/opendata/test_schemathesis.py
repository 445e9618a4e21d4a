"""The API fuzzed from its own OpenAPI description with schemathesis, in-process (no network).

For every operation schemathesis generates parameters, valid ones and invalid ones, calls the portal as a
WSGI application and checks the answer: never a server error, only documented status codes and content
types, and every body valid against the schema. Hypothesis runs derandomised, so a run is repeatable.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

pytestmark = pytest.mark.django_db

EXAMPLES = 15
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(wsgi_app, world, hub):
    hub.add_cycle()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


def _operations(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18, [operation.label for operation in operations]
    return operations


def _fuzz(operation, mode, answered: dict):
    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call_and_validate()
        answered.setdefault(operation.label, set()).add(response.status_code)

    check()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_every_operation_answers_as_its_schema_says(api_schema, mode):
    answered = {}
    operations = _operations(api_schema)
    if mode == GenerationMode.NEGATIVE:  # an operation without parameters cannot be called with wrong ones
        operations = [op for op in operations if len(op.path_parameters) + len(op.query)]
    for operation in operations:
        _fuzz(operation, mode, answered)

    assert len(answered) == len(operations) >= 17
    assert all(code < 500 for codes in answered.values() for code in codes), answered
    if mode == GenerationMode.POSITIVE:  # the lists answer 200 for any valid filter and page
        assert 200 in answered["GET /api/v1/themes"]
    else:
        assert 422 in answered["GET /api/v1/themes"]


#: For each detail operation: the list it is reached from, and which field of a list item names it.
DETAILS = {
    "/api/v1/editions/{slug}": ("/api/v1/editions", "slug"),
    "/api/v1/organisations/{slug}": ("/api/v1/organisations", "slug"),
    "/api/v1/table-talks/{pk}": ("/api/v1/table-talks", "id"),
    "/api/v1/recaps/{slug}": ("/api/v1/recaps", "slug"),
    "/api/v1/themes/{pk}": ("/api/v1/themes", "id"),
    "/api/v1/voting-rounds/{pk}": ("/api/v1/voting-rounds", "id"),
    "/api/v1/workgroups/{slug}": ("/api/v1/workgroups", "slug"),
    "/api/v1/reports/{pk}": ("/api/v1/reports", "id"),
}


def test_every_public_object_answers_a_document_valid_against_the_schema(api_schema):
    """The fuzzing rarely hits an existing number or short name: here every object of every list is
    fetched through its detail operation and its answer checked by the same schemathesis checks.
    (Only through the WSGI application: Django's test client would switch closing connections back on.)"""
    checked = 0
    for template, (list_path, key) in DETAILS.items():
        name = template.rsplit("{", 1)[1].rstrip("}")
        items = api_schema[list_path]["GET"].Case(query={"page_size": 100}).call_and_validate().json()["items"]
        assert items, list_path
        for item in items:
            case = api_schema[template]["GET"].Case(path_parameters={name: item[key]})
            assert case.call_and_validate().status_code == 200
            checked += 1
    case = api_schema["/api/v1/next-edition"]["GET"].Case()
    assert case.call_and_validate().json()["slug"] == "najaar"
    assert checked >= 20
