"""The response models of api/schemas.py describe the served documents field for field (extra fields are
forbidden), so the OpenAPI document tells the truth; and every resource route is in it."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from api import schemas

PATHS = [
    ("/regions", schemas.RegionList),
    ("/regions/09", schemas.RegionDetail),
    ("/regions/17", schemas.RegionDetail),
    ("/regions/09/services", schemas.RegionServices),
    ("/regions/17/services", schemas.RegionServices),
    ("/regions/19/services", schemas.RegionServices),
    ("/centres/09-sote-keskus", schemas.Centre),
    ("/centres/ot-etela-suomi", schemas.Centre),
    ("/services", schemas.ServiceList),
    ("/services/oral-health-care/regions", schemas.ServiceRegions),
    ("/services/demanding-child-and-family-services-consultation/regions", schemas.ServiceRegions),
    ("/municipalities/398", schemas.Municipality),
    ("/municipalities/478", schemas.Municipality),
    ("/regions/09/model/history", schemas.VersionList),
]


@pytest.mark.parametrize(("path", "model"), PATHS, ids=[path for path, _ in PATHS])
def test_documents_match_their_response_models(client, path, model: type[BaseModel]):
    response = client.get(path)
    assert response.status_code == 200
    model.model_validate(response.json())


def test_every_ptv_centre_matches_the_centre_model(client):
    centres = client.get("/regions/17").json()["centres"]
    ptv = [centre["id"] for centre in centres if centre["origin"] == "ptv"]
    assert ptv
    for centre_id in ptv:
        schemas.Centre.model_validate(client.get(f"/centres/{centre_id}").json())


def test_errors_match_the_error_model(client):
    schemas.Error.model_validate(client.get("/regions/99").json())


def test_openapi_documents_the_resource_routes(client):
    document = client.get("/openapi.json").json()
    paths = document["paths"]
    for path in (
        "/regions",
        "/regions/{code}",
        "/regions/{code}/services",
        "/regions/{code}/model",
        "/regions/{code}/model/history",
        "/regions/{code}/model/history/{version}",
        "/regions/{code}/model/history/{version}/restore",
        "/centres/{id}",
        "/services",
        "/services/{code}/regions",
        "/municipalities/{code}",
        "/validate",
    ):
        assert path in paths, path
    assert set(paths["/regions/{code}/model"]) == {"get", "put"}
    assert "RegionServices" in document["components"]["schemas"]
    assert "text/turtle" in paths["/regions/{code}/model"]["put"]["requestBody"]["content"]
    assert paths["/regions/{code}/model"]["put"]["security"] == [{"HTTPBearer": []}]
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for operation in (paths["/regions"]["get"], paths["/regions/{code}/model"]["put"]):
        assert operation["description"] or operation["summary"]
