# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The OpenAPI document of the whole eCRM API (orders and complaints) is valid
for the version it declares, and the running server keeps to it: property-based
fuzzing finds no server error and no answer the document does not describe."""

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from openapi_spec_validator import OpenAPIV30SpecValidator, validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.common import new_api_user

OPENAPI = "/ecrm/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Examples per operation and generation mode: 6 operations x 2 modes x 12
# requests stay well under two minutes on a small machine.
MAX_EXAMPLES = 12


@tagged("post_install", "-at_install")
class TestApiOpenapi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_user, cls.key = new_api_user(cls.env, "t_api_fuzz", ["haravan"])

    def _document(self):
        response = self.url_open(OPENAPI)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_document_is_valid_openapi_3_0(self):
        doc = self._document()
        self.assertEqual(doc["openapi"], "3.0.3")
        validate(doc, cls=OpenAPIV30SpecValidator)
        qty = doc["components"]["schemas"]["Order"]["properties"]["lines"]["items"][
            "properties"
        ]["qty"]
        self.assertIs(qty["exclusiveMinimum"], True, "the OpenAPI 3.0 form")
        for path in (
            "/ecrm/api/v1/orders",
            "/ecrm/api/v1/orders/batch",
            "/ecrm/api/v1/orders/{source}/{external_id}",
            "/ecrm/api/v1/orders/{source}/{external_id}/delivery",
            "/ecrm/api/v1/complaints",
            "/ecrm/api/v1/complaints/{source}/{external_id}",
        ):
            self.assertIn(path, doc["paths"])
        post = doc["paths"]["/ecrm/api/v1/complaints"]["post"]
        for status in ("400", "403", "409", "413", "415", "500"):
            self.assertIn(status, post["responses"])

    def test_fuzzing_finds_no_server_error_and_no_undocumented_answer(self):
        schema = schemathesis.openapi.from_dict(self._document())
        base_url = self.base_url()
        headers = {"Authorization": f"Bearer {self.key}"}
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertEqual(len(operations), 6)
        for operation in operations:
            for mode in (
                schemathesis.GenerationMode.POSITIVE,
                schemathesis.GenerationMode.NEGATIVE,
            ):
                with self.subTest(operation=operation.label, mode=mode.value):
                    self._fuzz(
                        operation.as_strategy(generation_mode=mode), base_url, headers
                    )

    def _fuzz(self, strategy, base_url, headers):
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case):
            response = case.call(base_url=base_url, headers=headers, timeout=30)
            case.validate_response(response, checks=CHECKS)

        run()
