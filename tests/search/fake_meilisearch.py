"""A local HTTP server speaking the part of Meilisearch's REST API the backend uses.

It records what the backend sends (settings, documents, searches) and keeps the
documents, so tests can check the documented protocol: every write answers 202
with a task, GET /tasks/{uid} reports it succeeded, a search answers hits.
"""

import json
import re
from dataclasses import dataclass, field

from werkzeug import Response

ENQUEUED_AT = "2026-01-01T00:00:00.000000Z"


@dataclass
class FakeMeilisearch:
    server: object
    uid: str = "products"
    settings: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    batches: list = field(default_factory=list)
    searches: list = field(default_factory=list)
    deletes: list = field(default_factory=list)
    hits: list | None = None  # ids a search answers; None: every document, as stored
    tasks: int = 0

    def install(self):
        s, base = self.server, f"/indexes/{self.uid}"
        s.expect_request("/indexes", method="POST").respond_with_handler(self._create_index)
        s.expect_request(re.compile(r"^/tasks/\d+$"), method="GET").respond_with_handler(self._task)
        s.expect_request(f"{base}/settings", method="PATCH").respond_with_handler(self._settings)
        s.expect_request(f"{base}/documents", method="POST").respond_with_handler(self._add)
        s.expect_request(f"{base}/documents/delete", method="POST").respond_with_handler(self._delete)
        s.expect_request(f"{base}/documents", method="DELETE").respond_with_handler(self._delete_all)
        s.expect_request(f"{base}/search", method="POST").respond_with_handler(self._search)
        return self

    def _task_info(self, kind):
        self.tasks += 1
        body = {"taskUid": self.tasks, "indexUid": self.uid, "status": "enqueued", "type": kind,
                "enqueuedAt": ENQUEUED_AT}
        return Response(json.dumps(body), status=202, content_type="application/json")

    def _create_index(self, request):
        assert request.json["uid"] == self.uid and request.json["primaryKey"] == "id"
        return self._task_info("indexCreation")

    def _task(self, request):
        uid = int(request.path.rsplit("/", 1)[1])
        body = {"uid": uid, "indexUid": self.uid, "status": "succeeded", "type": "settingsUpdate",
                "enqueuedAt": ENQUEUED_AT}
        return Response(json.dumps(body), content_type="application/json")

    def _settings(self, request):
        self.settings.update(request.json)
        return self._task_info("settingsUpdate")

    def _add(self, request):
        assert request.args.get("primaryKey") == "id"
        self.batches.append(request.json)
        for document in request.json:
            self.documents[document["id"]] = document
        return self._task_info("documentAdditionOrUpdate")

    def _delete(self, request):
        expression = request.json["filter"]
        self.deletes.append(expression)
        ids = [int(i) for i in re.fullmatch(r"id IN \[(.*)\]", expression).group(1).split(", ")]
        for pk in ids:
            self.documents.pop(pk, None)
        return self._task_info("documentDeletion")

    def _delete_all(self, request):
        self.documents.clear()
        return self._task_info("documentDeletion")

    def _search(self, request):
        self.searches.append(request.json)
        ids = list(self.documents) if self.hits is None else self.hits
        body = {"hits": [{"id": pk} for pk in ids[: request.json.get("limit", 20)]],
                "query": request.json["q"], "processingTimeMs": 1, "limit": request.json.get("limit", 20),
                "offset": 0, "estimatedTotalHits": len(ids)}
        return Response(json.dumps(body), content_type="application/json")
