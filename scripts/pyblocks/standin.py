"""A small Messages API stand-in on 127.0.0.1 for running knowledge-base code blocks.

The first path segment picks the scenario: /ok/<article>/v1/... answers as a healthy API would,
/err/<article>/v1/... answers every model call with the error the article is about, /rich/<article>/v1/...
answers with agent-like replies (RICH, TEXT_ONLY) and rejects requests the real API would (validate()). Requests are
counted per article so the runner can tell a block that reached the API from one that did not.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MESSAGE = {
    "id": "msg_standin",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-6",
    "content": [{"type": "text", "text": '{"ok": true}'}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 12, "output_tokens": 5},
}

BATCH = {
    "id": "msgbatch_standin",
    "type": "message_batch",
    "processing_status": "ended",
    "request_counts": {"processing": 0, "succeeded": 1, "errored": 1, "canceled": 0, "expired": 1},
    "created_at": "2026-12-05T00:00:00Z",
    "ended_at": "2026-12-05T00:01:00Z",
    "expires_at": "2026-12-06T00:00:00Z",
    "archived_at": None,
    "cancel_initiated_at": None,
    "results_url": None,  # filled in per request, it must point back at this server
}

RESULTS = [
    {"custom_id": "a", "result": {"type": "succeeded", "message": MESSAGE}},
    {"custom_id": "b", "result": {"type": "errored", "error": {"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}}}},
    {"custom_id": "c", "result": {"type": "expired"}},
]


# "rich" scenario: what an agent's history really holds. A tool-calling reply with a thinking block and the
# empty text block the API can put before tool_use; and a reply cut off by max_tokens whose text ends in "\n".
RICH = {**MESSAGE, "stop_reason": "tool_use", "content": [
    {"type": "thinking", "thinking": "Need the tool.", "signature": "sig_standin"},
    {"type": "text", "text": ""},
    {"type": "text", "text": "I'll record it."},
    {"type": "tool_use", "id": "toolu_rich", "name": "record_result", "input": {"answer": 42}}]}
TEXT_ONLY = {**MESSAGE, "stop_reason": "max_tokens", "content": [{"type": "text", "text": "Partial answer \n"}]}


def _blocks(m: dict) -> list:
    return m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]


def validate(req: dict) -> str | None:
    """The request checks the real API makes that history-cleaning fixes are about; None when it passes."""
    msgs = req.get("messages") or []
    if not msgs:
        return "messages: at least one message is required"
    marks = 0
    for i, m in enumerate(msgs):
        blocks, final = _blocks(m), i == len(msgs) - 1
        if not blocks and not (final and m["role"] == "assistant"):
            return f"messages.{i}: all messages must have non-empty content except for the optional final assistant message"
        for b in blocks:
            marks += "cache_control" in b
            if b.get("type") == "text" and not b.get("text", "").strip() and not (final and m["role"] == "assistant"):
                return f"messages.{i}: text content blocks must be non-empty"
        prev = {b.get("id") for b in _blocks(msgs[i - 1]) if b.get("type") == "tool_use"} if i else set()
        for b in blocks:
            if b.get("type") == "tool_result" and (m["role"] != "user" or b.get("tool_use_id") not in prev):
                return f"messages.{i}.content: unexpected `tool_use_id` found in `tool_result` blocks"
        uses = {b.get("id") for b in blocks if b.get("type") == "tool_use"}
        answered = {b.get("tool_use_id") for b in _blocks(msgs[i + 1])} if not final else set()
        if uses and not final and not uses <= answered:
            return f"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately after"
    texts = [b for b in _blocks(msgs[-1]) if b.get("type") == "text"]
    if msgs[-1]["role"] == "assistant" and texts and texts[-1].get("text", "") != texts[-1].get("text", "").rstrip():
        return "final assistant content cannot end with trailing whitespace"
    if marks > 4:
        return f"A maximum of 4 blocks with cache_control may be provided. Found {marks}."
    return None


def sse_events() -> list[tuple[str, dict]]:
    """A streamed answer with one text block and one tool_use block whose input arrives in pieces."""
    start = {**MESSAGE, "content": [], "stop_reason": None, "usage": {"input_tokens": 12, "output_tokens": 1}}
    tool = {"type": "tool_use", "id": "toolu_standin", "name": "record_result", "input": {}}
    return [
        ("message_start", {"type": "message_start", "message": start}),
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("content_block_start", {"type": "content_block_start", "index": 1, "content_block": tool}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": '{"answer": '}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "42}"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None}, "usage": {"output_tokens": 9}}),
        ("message_stop", {"type": "message_stop"}),
    ]


def error_body(article: dict) -> dict:
    error = {"type": article["type"], "message": article["message"], **article.get("extra", {})}
    return {"type": "error", "error": error, "request_id": "req_standin"}


class StandIn:
    def __init__(self, articles: dict[str, dict]):
        self.articles = articles  # id -> {"status": int, "type": str, "message": str}
        self.calls: dict[str, int] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def base_url(self, scenario: str, article: str) -> str:
        return f"http://127.0.0.1:{self.port}/{scenario}/{article}"

    def close(self) -> None:
        self.server.shutdown()

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # the runner prints its own table
                pass

            def do_GET(self):
                self._route()

            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                self.body = self.rfile.read(length) if length else b""
                self._route()

            def _route(self):
                parts = self.path.split("?")[0].strip("/").split("/")
                scenario, article, rest = parts[0], parts[1], "/".join(parts[2:])
                with standin.lock:
                    standin.calls[article] = standin.calls.get(article, 0) + 1
                base = f"http://127.0.0.1:{standin.port}/{scenario}/{article}"
                if scenario == "err" and rest.startswith("v1/messages"):
                    return self._error(standin.articles[article])
                if scenario == "midstream" and rest == "v1/messages":
                    return self._stream(error=standin.articles[article])
                if scenario == "rich" and rest.startswith("v1/messages") and "batches" not in rest:
                    return self._rich(rest)
                if scenario == "bedrock" and rest.startswith("model/"):
                    return self._json(200, MESSAGE)  # InvokeModel answers with the Messages API body
                self._answer(rest, base)

            def _answer(self, rest: str, base: str):
                if rest == "v1/messages/count_tokens":
                    return self._json(200, {"input_tokens": 1234})
                if rest.endswith("/results"):
                    lines = "\n".join(json.dumps(r) for r in RESULTS)
                    return self._raw(200, lines.encode(), "application/binary")
                if rest.startswith("v1/messages/batches"):
                    return self._json(200, {**BATCH, "results_url": f"{base}/v1/messages/batches/msgbatch_standin/results"})
                if rest == "v1/models":
                    model = {"type": "model", "id": "claude-sonnet-4-6", "display_name": "Claude Sonnet 4.6", "created_at": "2026-02-17T00:00:00Z"}
                    if "after_id=" in self.path:  # past the only page, as the API answers; anthropic <=0.4x pages until last_id is null
                        return self._json(200, {"data": [], "has_more": False, "first_id": None, "last_id": None})
                    return self._json(200, {"data": [model], "has_more": False, "first_id": model["id"], "last_id": model["id"]})
                if rest == "v1/files":
                    return self._json(200, {"id": "file_standin", "type": "file", "filename": "report.pdf", "mime_type": "application/pdf", "size_bytes": 4, "created_at": "2026-12-05T00:00:00Z", "downloadable": False})
                if rest == "v1/messages":
                    request = json.loads(getattr(self, "body", b"{}") or b"{}")
                    return self._stream() if request.get("stream") else self._json(200, MESSAGE)
                self._json(404, {"type": "error", "error": {"type": "not_found_error", "message": f"stand-in has no {rest}"}})

            def _rich(self, rest: str):
                request = json.loads(getattr(self, "body", b"{}") or b"{}")
                problem = validate(request)
                if problem:
                    return self._error({"status": 400, "type": "invalid_request_error", "message": problem})
                if rest.endswith("count_tokens"):  # 100k per message, so trimming loops have work to do
                    return self._json(200, {"input_tokens": 100_000 * len(request["messages"])})
                if request.get("stream"):
                    return self._stream()
                return self._json(200, TEXT_ONLY if "textonly" in request.get("model", "") else RICH)

            def _error(self, article: dict):
                self._json(article["status"], error_body(article))

            def _stream(self, error: dict | None = None):
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("request-id", "req_standin")
                self.end_headers()
                events = sse_events()
                if error:  # the API's mid-stream failure: a 200 whose stream carries an error event
                    events = [*events[:3], ("error", error_body(error))]
                for name, data in events:
                    self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())

            def _json(self, status: int, body: dict):
                self._raw(status, json.dumps(body).encode(), "application/json")

            def _raw(self, status: int, data: bytes, kind: str):
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(data)))
                self.send_header("request-id", "req_standin")
                self.end_headers()
                self.wfile.write(data)

        return Handler
