"""The OpenAPI schema documents every status an operation can return, as problem+json."""

from typing import Any

from fastapi.testclient import TestClient

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.get("/openapi.json").json()
    return [(m.upper(), p, op) for p, ops in schema["paths"].items() for m, op in ops.items()]


def test_every_error_response_is_a_problem(client: TestClient) -> None:
    for method, path, operation in _operations(client):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}, (
                    method,
                    path,
                    status,
                )


def test_every_operation_lists_the_statuses_the_machinery_can_return(client: TestClient) -> None:
    for method, path, operation in _operations(client):
        statuses = set(operation["responses"])
        assert {"500", "503"} <= statuses, (method, path)
        assert {"401", "403"} <= statuses, (method, path)  # every API route needs a token
        if "{" in path:
            assert "404" in statuses, (method, path)
        if method in {"POST", "PUT", "PATCH"}:
            assert "413" in statuses, (method, path)
        if "requestBody" in operation:
            assert {"400", "422"} <= statuses, (method, path)
        if operation.get("parameters"):
            assert "422" in statuses, (method, path)


def test_upload_documents_415_and_the_problem_schema_is_a_component(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    upload = schema["paths"]["/api/v1/vendors/{vendor_id}/documents"]["post"]
    assert "415" in upload["responses"]
    components = schema["components"]["schemas"]
    assert components["Problem"]["required"] == ["type", "title", "status", "detail", "instance"]
    assert "HTTPValidationError" not in components
    overloaded = upload["responses"]["503"]
    assert "Retry-After" in overloaded["headers"]


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_size_limits_of_arrays_are_stated_as_max_items(client: TestClient) -> None:
    """An array limited in the code says `maxItems` in the schema (a `maxLength` on an array
    is ignored by clients and made the fuzzer send 53 legal names to a 50-name limit)."""
    schema = client.get("/openapi.json").json()
    arrays = [n for n in _walk(schema) if n.get("type") == "array"]
    assert arrays
    assert not [n for n in arrays if "maxLength" in n]
    update = schema["components"]["schemas"]["VendorUpdate"]["properties"]["legal_names"]
    assert update["maxItems"] == 50
