"""How each ```python block of the knowledge base is run: "article-id#n" (the n-th python block).

setup: the reader's own data the block assumes (on top of harness.PRELUDE); scenario: what the
stand-in answers (ok, err = the article's error, midstream = an error event inside a 200 stream,
down = nothing listening, bedrock = Bedrock's invoke path); expect: "ok" or "raises:Class";
check: assertions after the run; skip: why the block is only compiled. A block with no entry runs
with the prelude alone and must finish without an exception.
"""

RECORD_TOOL = '{"name": "record_result", "description": "Record the answer.", "input_schema": {"type": "object", "properties": {"answer": {"type": "integer"}}}}'

CASES: dict[str, dict] = {
    "billing-error-402#1": {"scenario": "err", "expect": "raises:APIStatusError",
        "setup": 'alert_billing_owner = _record("alert_billing_owner")',
        "check": 'assert EXC.status_code == 402 and CALLS == [("alert_billing_owner", ("req_standin", EXC.body))]'},
    "permission-denied-403#1": {"scenario": "err", "expect": "raises:PermissionDeniedError",
        "check": 'assert EXC.request_id == "req_standin"'},
    "batch-custom-id-too-long#1": {
        "setup": 'jobs = [("order 2026/12/05 #1", params), ("x" * 80, params), ("plain_id", params)]',
        "check": 'assert batch.id == "msgbatch_standin" and all(ID_RE.match(r["custom_id"]) for r in requests)\n'
                 'assert id_map["plain_id"] == "plain_id" and len(id_map) == 3'},
    "batch-item-errored-or-expired#1": {
        "setup": 'batch_id = "msgbatch_standin"\nsave = _record("save")',
        "check": 'assert broken == [("b", "bad")] and retry == ["c"] and [c[0] for c in CALLS] == ["save"]'},
    "batch-results-not-available-yet#1": {
        "setup": 'batch_id = "msgbatch_standin"\nhandle = _record("handle")',
        "check": 'assert [c[1][0] for c in CALLS] == ["a", "b", "c"]'},
    "bedrock-inference-profile-required#1": {"scenario": "bedrock"},
    "bedrock-malformed-input-request#1": {"scenario": "bedrock"},
    "bedrock-vertex-413-529-untyped-exceptions#1": {"scenario": "err"},
    "input-plus-max-tokens-exceed-context#1": {
        "setup": 'system = "You are terse."\ntools = []\ndesired = 8000\nCONTEXT_WINDOW = 200_000',
        "check": "assert used == 1234 and max_tokens == 8000"},
    "prompt-too-long#1": {
        "setup": 'system = "You are terse."\ntools = []',
        "check": "assert n == 1234"},
    "thinking-assistant-must-start-with-thinking#1": {
        "setup": f'T = {{"type": "enabled", "budget_tokens": 2000}}\ntools = [{RECORD_TOOL}]\n'
                 'tool_results = [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "42"}]\nmsgs = list(msgs)',
        "check": 'assert msgs[-2]["content"] is resp.content and msgs[-1]["content"] is tool_results'},
    "thinking-block-placement-when-disabled#1": {
        "check": 'tail = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": [\n'
                 '    {"type": "text", "text": "a"}, {"type": "thinking", "thinking": "t", "signature": "s"}]}]\n'
                 'assert sanitize_tail(tail, True)[-1]["content"] == [{"type": "text", "text": "a"}]\n'
                 'assert len(tail[1]["content"]) == 2  # the caller\'s history is not modified\n'
                 'from anthropic.types import TextBlock, ThinkingBlock\n'
                 'objs = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": [ThinkingBlock(type="thinking", thinking="t", signature="s"), TextBlock(type="text", text="a")]}]\n'
                 'assert [b.type for b in sanitize_tail(objs, False)[-1]["content"]] == ["text"]'},
    "thinking-blocks-modified-or-invalid-signature#1": {
        "check": 'from anthropic.types import TextBlock, ThinkingBlock\n'
                 'h = [{"role": "assistant", "content": [ThinkingBlock(type="thinking", thinking="t", signature="s"), TextBlock(type="text", text="a")]}]\n'
                 'assert [b.type for b in strip_thinking(h)[0]["content"]] == ["text"]'},
    "thinking-budget-below-minimum#1": {"setup": "desired_budget = 500", "check": "assert budget == 1024"},
    "thinking-forced-tool-choice#1": {"setup": f"record_tool = {RECORD_TOOL}"},
    "thinking-temperature-must-be-1#1": {"setup": "use_thinking = False\nlegacy_model_needs_temperature = True",
        "check": 'assert params["extra_body"] == {"temperature": 0.2}'},
    "files-api-file-source-requires-beta#1": {"setup": 'open("report.pdf", "wb").write(b"%PDF-1.4\\n")',
        "check": 'assert f.id == "file_standin" and msg.content[0].type == "text"'},
    "image-could-not-process#1": {
        "check": 'from PIL import Image as I\nb = io.BytesIO(); I.new("RGBA", (8, 8)).save(b, "PNG")\n'
                 'blk = safe_image_block(b.getvalue())\nassert blk["source"]["media_type"] == "image/png"\n'
                 'client.messages.create(model=model, max_tokens=16, messages=[{"role": "user", "content": [blk]}])\n'
                 'try:\n    safe_image_block(b"not an image")\n    raise AssertionError("corrupt data passed")\nexcept Exception as e:\n    assert "corrupt" not in str(e)'},
    "image-dimensions-exceed-limit#1": {
        "check": 'Image.new("RGB", (3000, 1000)).save("big.png")\nassert max(fit("big.png").size) == 1568 and max(fit("big.png", True).size) == 2000'},
    "image-exceeds-5mb#1": {
        "check": 'Image.new("RGB", (4000, 3000)).save("big.png")\nsrc = encode_image("big.png")\n'
                 'client.messages.create(model=model, max_tokens=16, messages=[{"role": "user", "content": [{"type": "image", "source": src}]}])'},
    "image-media-type-mismatch#1": {
        "check": 'assert sniff_media_type(b"\\x89PNG\\r\\n\\x1a\\n0000") == "image/png"\nassert sniff_media_type(b"RIFF0000WEBP") == "image/webp"'},
    "pdf-page-limit-exceeded#1": {
        "setup": 'from pypdf import PdfWriter as _W\n_w = _W()\nfor _ in range(150): _w.add_blank_page(width=72, height=72)\n_w.write("report.pdf")',
        "check": 'from pypdf import PdfReader as R\nassert [len(R(f"report_part{i}.pdf").pages) for i in (1, 2)] == [100, 50]'},
    "claude-model-sent-to-openai-endpoint#1": {"skip": "litellm is not installed (its own API, not the anthropic SDK)"},
    "effort-parameter-not-supported#1": {"setup": 'model = "claude-haiku-4-5-20251001"', "check": "assert kw == {}"},
    "refusal-stop-reason#1": {"check": 'h = ["turn"]\nassert answer(req, h) == \'{"ok": true}\' and h == ["turn"]'},
    "sampling-params-deprecated-opus-4-7#1": {"setup": "model_rejects_sampling = lambda m: False"},
    "sampling-temperature-top-p-both#2": {"skip": "langchain_anthropic is not installed"},
    "cache-control-empty-text-block#1": {
        "check": 'from anthropic.types import TextBlock, ToolUseBlock\n'
                 'blocks = [{"type": "text", "text": "q"}, TextBlock(type="text", text="a"),\n'
                 '          ToolUseBlock(type="tool_use", id="toolu_1", name="f", input={}), TextBlock(type="text", text="")]\n'
                 'place_breakpoint(blocks)\n'
                 'assert blocks[2] == {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}, "cache_control": {"type": "ephemeral"}}, blocks[2]\n'
                 'assert "cache_control" not in blocks[0] and not hasattr(blocks[3], "cache_control")\n'
                 'client.messages.create(model=model, max_tokens=16, messages=[{"role": "user", "content": "hi"}, {"role": "assistant", "content": blocks[1:3]},\n'
                 '    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "x"}]}])'},
    "cache-control-max-4-breakpoints#1": {
        "check": 'm = [{"role": "user", "content": [{"type": "text", "text": "a", "cache_control": {"type": "ephemeral"}}]},\n'
                 '     {"role": "user", "content": [{"type": "text", "text": "b", "cache_control": {"type": "ephemeral"}}]}]\n'
                 'strip_old_breakpoints(m)\nassert "cache_control" not in m[0]["content"][0] and "cache_control" in m[1]["content"][0]'},
    "cache-control-ttl-ordering#1": {
        "setup": f'tools = [{RECORD_TOOL}]\nsystem = [{{"type": "text", "text": "You are terse."}}]\n'
                 'messages = [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]',
        "check": "client.messages.create(model=model, max_tokens=16, tools=tools, system=system, messages=messages)"},
    "overloaded-529#1": {"scenario": "err"},
    "rate-limit-429-concurrent-connections#1": {"setup": "items = [params] * 5",
        "check": "assert len(results) == 5 and all(r.id == 'msg_standin' for r in results)"},
    "spend-cap-429-enforced-spend-limit#1": {"scenario": "err", "expect": "raises:SpendCapReached",
        "error_extra": {"details": {"error_code": "enforced_spend_limit_reached"}},
        "setup": "class SpendCapReached(Exception):\n    pass",
        "check": "assert isinstance(EXC.__cause__, anthropic.RateLimitError)"},
    "empty-text-content-blocks#1": {
        "check": 'm = [{"role": "user", "content": [{"type": "text", "text": " "}]}, {"role": "user", "content": [{"type": "text", "text": "x"}, {"type": "text", "text": ""}]}]\n'
                 'assert clean(m) == [{"role": "user", "content": [{"type": "text", "text": "x"}]}]'},
    "final-assistant-trailing-whitespace#1": {
        "setup": 'messages = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": [{"type": "text", "text": "Sure \\n"}]}]',
        "check": 'assert messages[-1]["content"][0]["text"] == "Sure"'},
    "max-tokens-exceeds-model-output-limit#1": {"setup": 'model = "claude-haiku-4-5"\nwanted = 100_000',
        "check": "assert max_tokens == 64_000"},
    "messages-array-empty#1": {
        "setup": 'trim_history = lambda m, b: []\nbudget = 1000\nmessages = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]',
        "check": "assert trimmed == [messages[0]]"},
    "messages-roles-must-alternate#1": {
        "check": 'm = merge_runs([{"role": "user", "content": "a"}, {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "r"}]}])\n'
                 'assert [b["type"] for b in m[0]["content"]] == ["tool_result", "text"] and len(m) == 1'},
    "system-role-in-messages#1": {"setup": 'msgs = [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Hello"}]',
        "check": 'assert system_text == "Be terse." and chat == msgs[1:]'},
    "sdk-connection-error#1": {"scenario": "down", "expect": "raises:APIConnectionError",
        "check": "assert EXC.__cause__ is not None"},
    "sdk-tls-self-signed-certificate#1": {"skip": "reads the reader's CA bundle from a placeholder path"},
    "stream-final-text-no-text-block#1": {"check": 'assert text == "Hello" and msg.stop_reason == "tool_use"'},
    "stream-midstream-error-event-status-200#1": {"scenario": "midstream", "check": 'assert etype == "overloaded_error"'},
    "structured-output-grammar-too-large#1": {"setup": 'tools = [{"name": "create_order"}, {"name": "search"}]',
        "check": 'assert [t["strict"] for t in tools] == [True, False]'},
    "structured-output-parse-failed-sdk#1": {"setup": "import pydantic\nclass Report(pydantic.BaseModel):\n    ok: bool",
        "check": "assert report.ok is True"},
    "structured-output-schema-unsupported-keyword#1": {"setup": "import pydantic\nclass Invoice(pydantic.BaseModel):\n    ok: bool",
        "check": "assert invoice.ok is True"},
    "tool-input-json-parse-error-stream#1": {"check": 'import json\nassert json.loads(buf[1]) == {"answer": 42}'},
    "tool-input-schema-invalid-json-schema#1": {"setup": f"tool = {RECORD_TOOL}"},
    "tool-name-invalid-pattern-or-length#1": {"setup": 'from types import SimpleNamespace\ntools = [SimpleNamespace(name="github.create issue")]',
        "check": 'assert reverse == {"github_create_issue": "github.create issue"}'},
    "tool-names-not-unique#1": {"setup": 'tools = [{"name": "a"}, {"name": "a"}, {"name": "b"}]', "check": 'assert dupes == ["a"]'},
    "tool-result-without-tool-use#1": {
        "check": 'h = [{"role": "assistant", "content": "a"}, {"role": "user", "content": [\n'
                 '    {"type": "tool_result", "tool_use_id": "t", "content": "r"}, {"type": "text", "text": "q"}]}]\n'
                 'assert repair_head(h) == [{"role": "user", "content": [{"type": "text", "text": "q"}]}]\n'
                 'only = [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "r"}]}]\n'
                 'assert repair_head(only)[0]["content"][0]["type"] == "text"\n'
                 'client.messages.create(model=model, max_tokens=16, messages=h)'},
    "tool-use-without-tool-result#1": {
        "setup": 'with client.messages.stream(**params) as _s:\n    resp = _s.get_final_message()\nrun_tool = _record("run_tool", "42")\nmessages = list(messages)',
        "check": 'assert results == [{"type": "tool_result", "tool_use_id": "toolu_standin", "content": "42"}]\n'
                 'client.messages.create(model=model, max_tokens=16, messages=messages)'},
    "vertex-publisher-model-not-found-404#1": {"skip": "the request needs Google credentials (google-auth is not installed)"},
}
