"""A local stand-in for the Anthropic Messages and Message Batches APIs (pytest-httpserver).

Answers are scripted per call: a tool input (a valid answer by default), or an HTTP error
with headers. Requests are recorded so tests can check what was sent.
"""

import json
from collections import deque

from werkzeug import Response

GOOD = {
    "save_description": {"description_html": (
        "<p>Зручні жіночі кросівки на кожен день: легкі, м'які та стильні. Вони підходять "
        "для прогулянок містом і довгих подорожей.</p>"
        "<ul><li>Колір: білий</li><li>Матеріал верху: текстиль</li><li>Сезон: весна, літо</li></ul>"
        "<p>Догляд: чистіть м'якою щіткою та сушіть при кімнатній температурі.</p>"
        "<script>alert(1)</script>"
    )},
    "save_seo": {"seo_title": "Білі жіночі кросівки — купити в Україні",
                 "meta_description": "Зручні білі кросівки для міста з текстилю. Доставка по Україні."},
    "save_translation": {"name_en": "White women's sneakers",
                         "description_html_en": "<p>Comfortable everyday sneakers.</p>",
                         "seo_title_en": "White women's sneakers — buy online",
                         "meta_description_en": "Comfortable white textile sneakers for the city."},
}


def message(tool_name, tool_input, *, input_tokens=1000, output_tokens=500, stop_reason="tool_use"):
    return {
        "id": "msg_test", "type": "message", "role": "assistant", "model": "claude-test",
        "content": [{"type": "tool_use", "id": "toolu_1", "name": tool_name, "input": tool_input}],
        "stop_reason": stop_reason, "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }


def error(status, kind, text, headers=None):
    return {"status": status, "headers": headers or {},
            "body": {"type": "error", "error": {"type": kind, "message": text}}}


class FakeAnthropic:
    def __init__(self, httpserver):
        self.server = httpserver
        self.script = deque()  # what the next /v1/messages calls answer
        self.requests = []
        self.batch_requests = []
        self.batch_state = "in_progress"
        self.batch_results = {}  # custom_id -> result dict
        self.cancelled = []
        httpserver.expect_request("/v1/messages", method="POST").respond_with_handler(self.messages)
        httpserver.expect_request("/v1/messages/batches", method="POST").respond_with_handler(
            self.create_batch)
        httpserver.expect_request("/v1/messages/batches/msgbatch_1", method="GET").respond_with_handler(
            lambda request: self.json(self.batch()))
        httpserver.expect_request("/v1/messages/batches/msgbatch_1/cancel", method="POST") \
            .respond_with_handler(self.cancel_batch)
        httpserver.expect_request("/v1/messages/batches/msgbatch_1/results", method="GET") \
            .respond_with_handler(self.results)

    @property
    def base_url(self):
        return self.server.url_for("/").rstrip("/")

    # --- scripting ---
    def answer(self, tool_input=None, **kwargs):
        self.script.append(("answer", tool_input, kwargs))

    def fail(self, status, kind="api_error", text="boom", headers=None):
        self.script.append(("error", error(status, kind, text, headers), {}))

    # --- Messages API ---
    def messages(self, request):
        body = request.get_json()
        self.requests.append(body)
        tool = body["tools"][0]["name"]
        if self.script:
            what, payload, kwargs = self.script.popleft()
            if what == "error":
                return self.json(payload["body"], payload["status"], payload["headers"])
            return self.json(message(tool, payload if payload is not None else GOOD[tool], **kwargs))
        return self.json(message(tool, GOOD[tool]))

    # --- Message Batches API ---
    def create_batch(self, request):
        self.batch_requests = request.get_json()["requests"]
        return self.json(self.batch())

    def cancel_batch(self, request):
        self.cancelled.append("msgbatch_1")
        self.batch_state = "canceling"
        return self.json(self.batch())

    def batch(self):
        total = len(self.batch_requests)
        done = self.batch_state == "ended"
        return {
            "id": "msgbatch_1", "type": "message_batch", "processing_status": self.batch_state,
            "request_counts": {"processing": 0 if done else total,
                               "succeeded": len(self.batch_results) if done else 0,
                               "errored": 0, "canceled": 0, "expired": 0},
            "created_at": "2026-01-01T00:00:00Z", "expires_at": "2026-01-02T00:00:00Z",
            "ended_at": "2026-01-01T01:00:00Z" if done else None,
            "cancel_initiated_at": None, "archived_at": None,
            "results_url": self.server.url_for("/v1/messages/batches/msgbatch_1/results") if done else None,
        }

    def results(self, request):
        lines = [json.dumps({"custom_id": custom_id, "result": result})
                 for custom_id, result in self.batch_results.items()]
        return Response("\n".join(lines) + "\n", content_type="application/binary")

    def succeed(self, custom_id, tool_input=None, tool="save_description"):
        self.batch_results[custom_id] = {
            "type": "succeeded", "message": message(tool, tool_input or GOOD[tool])}

    def errored(self, custom_id, kind="overloaded_error", text="Overloaded"):
        self.batch_results[custom_id] = {"type": "errored", "error": {
            "type": "error", "error": {"type": kind, "message": text}}}

    @staticmethod
    def json(data, status=200, headers=None):
        return Response(json.dumps(data), status=status, headers=headers or {},
                        content_type="application/json")
