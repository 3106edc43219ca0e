"""A local Nova Poshta API 2.0 speaking the documented JSON protocol (pytest-httpserver).

One POST endpoint takes {apiKey, modelName, calledMethod, methodProperties} and answers
{success, data, errors, warnings, info, messageCodes, errorCodes, warningCodes} with HTTP 200,
refusals included. Paged lists want Page and Limit as strings, as the real getCities does."""

import json
import re

from werkzeug.wrappers import Response

KEYLESS = {("TrackingDocument", "getStatusDocuments")}


def answer(data=None, *, errors=(), codes=(), total=None):
    return Response(json.dumps({
        "success": not errors, "data": data or [], "errors": list(errors), "warnings": [],
        "info": {"totalCount": total} if total is not None else [], "messageCodes": [],
        "errorCodes": list(codes), "warningCodes": []}), content_type="application/json")


def city(ref, name, area="Київська", name_ru=""):
    return {"Ref": ref, "Description": name, "DescriptionRu": name_ru or name, "AreaDescription": area,
            "SettlementTypeDescription": "місто"}


def warehouse(ref, city_ref, number, name, category="Branch", max_weight="30", status="Working"):
    return {"Ref": ref, "CityRef": city_ref, "Number": str(number), "Description": name,
            "DescriptionRu": name, "CategoryOfWarehouse": category, "PlaceMaxWeightAllowed": max_weight,
            "WarehouseStatus": status}


class FakeNovaPoshta:
    def __init__(self, httpserver, api_key):
        self.api_key = api_key
        self.calls = []
        self.cities, self.warehouses = [], []
        self.statuses = {}  # waybill number -> (StatusCode, Status)
        self.refusals = {}  # (model, method) -> (errors, codes)
        self.next_number = 20450000000001
        httpserver.expect_request("/v2.0/json/", method="POST").respond_with_handler(self.handle)
        httpserver.expect_request(re.compile(r"^/orders/printMarking100x100/.*"), method="GET") \
            .respond_with_handler(self.print_marking)
        self.printed = []

    def methods(self, model, method):
        return [call["methodProperties"] for call in self.calls
                if (call["modelName"], call["calledMethod"]) == (model, method)]

    def handle(self, request):
        body = json.loads(request.data)
        self.calls.append(body)
        name = (body.get("modelName"), body.get("calledMethod"))
        if name not in KEYLESS and body.get("apiKey") != self.api_key:
            return answer(errors=["API key is invalid"], codes=["20000100003"])
        if name in self.refusals:
            errors, codes = self.refusals[name]
            return answer(errors=errors, codes=codes)
        handler = {
            ("Address", "getCities"): lambda props: self.paged(self.cities, props),
            ("AddressGeneral", "getWarehouses"): lambda props: self.paged(self.warehouses, props),
            ("Counterparty", "save"): self.save_counterparty,
            ("InternetDocument", "save"): self.save_document,
            ("TrackingDocument", "getStatusDocuments"): self.track,
        }.get(name)
        if handler is None:
            return answer(errors=["Method not found"], codes=["20000900746"])
        return handler(body.get("methodProperties") or {})

    def paged(self, rows, props):
        page, limit = props.get("Page", "1"), props.get("Limit", "100")
        if not isinstance(page, str) or not isinstance(limit, str):
            return answer(errors=["Page is invalid format"], codes=["20000402021"])
        start = (int(page) - 1) * int(limit)
        return answer(rows[start:start + int(limit)], total=len(rows))

    def save_counterparty(self, props):
        n = len(self.methods("Counterparty", "save")) - 1  # this call is counted already
        return answer([{"Ref": f"recipient-{n}", "Description": f"{props['LastName']} {props['FirstName']}",
                        "ContactPerson": {"success": True, "data": [{"Ref": f"contact-{n}"}]}}])

    def save_document(self, props):
        number = str(self.next_number)
        self.next_number += 1
        return answer([{"Ref": f"doc-{number}", "IntDocNumber": number, "CostOnSite": 70,
                        "EstimatedDeliveryDate": "06.05.2026"}])

    def track(self, props):
        documents = props.get("Documents") or []
        if len(documents) > 100:
            return answer(errors=["Documents limit exceeded"], codes=["20000300001"])
        rows = []
        for document in documents:
            code, text = self.statuses.get(document["DocumentNumber"], ("3", "Номер не знайдено"))
            rows.append({"Number": document["DocumentNumber"], "StatusCode": code, "Status": text})
        return answer(rows)

    def print_marking(self, request):
        self.printed.append(request.path)
        if not request.path.endswith(f"/type/pdf/apiKey/{self.api_key}"):
            return Response("Invalid key", status=200, content_type="text/html")
        return Response(b"%PDF-1.4\n% fake marking\n", content_type="application/pdf")
