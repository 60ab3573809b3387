"""contract/center-api.yaml and the practice center's generated OpenAPI stay in step."""

from __future__ import annotations

from pathlib import Path

import yaml

from democenter.api import CenterConfig, create_app

CONTRACT = Path(__file__).resolve().parents[2] / "contract" / "center-api.yaml"
METHODS = ("get", "put", "post", "delete", "patch")


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _shape(spec: dict, schema: dict | None, depth: int = 0) -> object:
    """Required fields (recursively through refs, arrays and nullable unions) of a schema."""
    if not schema or depth > 6:
        return None
    schema = _resolve(spec, schema)
    for union in ("anyOf", "oneOf"):
        if union in schema:
            return sorted((repr(_shape(spec, s, depth + 1)) for s in schema[union]))
    if schema.get("type") == "array":
        return ["array", _shape(spec, schema.get("items"), depth + 1)]
    props = schema.get("properties", {})
    return {name: _shape(spec, props.get(name), depth + 1)
            for name in sorted(schema.get("required", []))} or schema.get("type")


def summary(spec: dict) -> dict:
    out = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = sorted((p["in"], p["name"], bool(p.get("required")))
                            for p in op.get("parameters", []))
            body = op.get("requestBody")
            body_shape = None if body is None else (
                bool(body.get("required")),
                _shape(spec, body["content"]["application/json"]["schema"]))
            ok = op.get("responses", {}).get("200", {}).get("content", {})
            resp = _shape(spec, ok["application/json"]["schema"]) if "application/json" in ok \
                else sorted(ok)
            out[f"{method.upper()} {path}"] = {"params": params, "body": body_shape,
                                               "response": resp,
                                               "security": bool(op.get("security"))}
    return out


def test_contract_matches_generated_schema(tmp_path):
    generated = create_app(CenterConfig(db_path=str(tmp_path / "c.sqlite"))).openapi()
    documented = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    gen, doc = summary(generated), summary(documented)
    assert sorted(gen) == sorted(doc), "paths/methods differ between code and contract"
    for op in gen:
        assert gen[op] == doc[op], f"{op} differs between code and contract"


def test_contract_covers_the_agreed_endpoints():
    doc = summary(yaml.safe_load(CONTRACT.read_text(encoding="utf-8")))
    agreed = """POST /sessions|POST /sessions/refresh|DELETE /sessions/current|
    GET /health-check/form|POST /health-checks|GET /reason-codes|PUT /agents/me/state|
    GET /queues|GET /interactions/{interaction_id}|GET /customers/by-number/{number}|
    GET /dispositions|POST /interactions/{interaction_id}/wrapup|GET /callbacks|
    POST /callbacks/{callback_id}/claim|POST /callbacks/{callback_id}/complete|
    GET /quick-connects|POST /incidents|POST /help|GET /supervisor|POST /supervisor/sessions|
    DELETE /supervisor/sessions/current"""
    for entry in agreed.split("|"):
        method, path = entry.split()
        assert f"{method} /api/v1{path}" in doc, entry
    for op in ("POST /api/v1/health-checks", "POST /api/v1/interactions/{interaction_id}/wrapup",
               "POST /api/v1/callbacks/{callback_id}/complete", "POST /api/v1/incidents"):
        assert ("header", "Idempotency-Key", False) in doc[op]["params"], op
    for op in ("GET /api/v1/supervisor", "DELETE /api/v1/supervisor/sessions/current"):
        assert doc[op]["security"], f"{op} needs a supervisor's sign-in"


def test_contract_documents_refusals():
    """Not-yours (404), wrong role (403) and throttled sign-ins (429, with Retry-After)."""
    spec = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    paths = spec["paths"]

    def codes(path: str, method: str) -> set[str]:
        return set(paths[f"/api/v1{path}"][method]["responses"])

    for path, method in (("/interactions/{interaction_id}", "get"),
                         ("/customers/by-number/{number}", "get"),
                         ("/interactions/{interaction_id}/wrapup", "post"),
                         ("/callbacks/{callback_id}/claim", "post"),
                         ("/callbacks/{callback_id}/complete", "post"),
                         ("/incidents", "post")):
        assert "404" in codes(path, method), (method, path)
    for path in ("/sessions", "/supervisor/sessions"):
        assert {"401", "429"} <= codes(path, "post"), path
    assert {"401", "403"} <= codes("/supervisor", "get")
    too_many = spec["components"]["responses"]["TooManyAttempts"]
    assert "Retry-After" in too_many["headers"]
    assert "application/json" in paths["/api/v1/supervisor"]["get"]["responses"]["4XX"]["content"]


def test_the_comparison_notices_a_dropped_required_field():
    doc = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    before = summary(doc)
    doc["components"]["schemas"]["CallerContext"]["required"].remove("waited_s")
    after = summary(doc)
    assert after["GET /api/v1/interactions/{interaction_id}"] != \
        before["GET /api/v1/interactions/{interaction_id}"]
    doc["paths"]["/api/v1/queues"]["get"]["parameters"][0]["required"] = True
    assert summary(doc)["GET /api/v1/queues"] != before["GET /api/v1/queues"]
