"""Second pass (issue 13): blocks that take history, content blocks, tools, replies, events or exceptions,
run with BOTH shapes a reader has. SHAPE is "obj" (what the SDK returns: Message, TextBlock, ToolUseBlock,
ThinkingBlock, from real calls to the stand-in's "rich" scenario) or "dict" (the same blocks as plain dicts,
model_dump(exclude_none=True)). Each case runs once per shape; where a cleaned history is sent back with send(),
the stand-in rejects it as the real API would (standin.validate: empty text, trailing whitespace on the final
assistant turn, tool_result without tool_use and the reverse, more than 4 cache_control).

Keys as in cases.py; setup/check/expect/scenario have the same meaning ("rich" is the default scenario).
"""

OBJ_PRELUDE = """
import copy
REPLY = client.messages.create(model=model, max_tokens=64, messages=msgs)               # thinking, "", text, tool_use
CUT = client.messages.create(model="claude-textonly", max_tokens=64, messages=msgs)     # one text ending in "\\n"
TOOL_RESULT = {"type": "tool_result", "tool_use_id": "toolu_rich", "content": "42"}

def btype(b):
    return b["type"] if isinstance(b, dict) else b.type

def shaped(blocks):
    return copy.deepcopy(list(blocks)) if SHAPE == "obj" else [b.model_dump(exclude_none=True) for b in blocks]

def nonempty(blocks):  # what a valid history holds once the reply's empty text block is gone
    return [b for b in blocks if btype(b) != "text" or (b["text"] if isinstance(b, dict) else b.text)]

def hist(raw=False):  # user question, the tool-calling reply (raw: with its empty text block), the tool's answer
    reply = shaped(REPLY.content)
    return [{"role": "user", "content": "q"}, {"role": "assistant", "content": reply if raw else nonempty(reply)},
            {"role": "user", "content": [dict(TOOL_RESULT)]}]

def send(messages, **kw):
    return client.messages.create(model=model, max_tokens=16, messages=messages, **kw)
"""

EXC_CHECK = (
    'assert EXC.status_code == {status} and EXC.request_id == "req_standin"\n'
    'assert EXC.response.headers["request-id"] == "req_standin"\n'
    'assert EXC.body["error"]["type"] == "{etype}", EXC.body\n'
    'assert type(EXC).__name__ in {names}, type(EXC).__name__'
)

OBJ_CASES: dict[str, dict] = {
    # history / content blocks
    "prompt-too-long#1": {"setup": 'system = "s"\ntools = []\nmessages = hist() + [{"role": "assistant", "content": shaped(CUT.content)}, {"role": "user", "content": "next"}]',
        "check": 'assert messages == [{"role": "user", "content": "next"}] and n == 100_000'},
    "input-plus-max-tokens-exceed-context#1": {"setup": 'system = "s"\ntools = []\nmessages = hist()\ndesired = 8000\nCONTEXT_WINDOW = 200_000',
        "check": "assert used == 300_000 and max_tokens == 1024"},
    "thinking-assistant-must-start-with-thinking#1": {
        "setup": 'T = {"type": "enabled", "budget_tokens": 2000}\ntools = []\ntool_results = [TOOL_RESULT]\nmsgs = list(msgs)',
        "check": 'msgs[-2]["content"] = shaped(msgs[-2]["content"])\nassert btype(msgs[-2]["content"][0]) == "thinking"\n'
                 'msgs[-2]["content"] = nonempty(msgs[-2]["content"])\nsend(msgs)'},
    "thinking-block-placement-when-disabled#1": {
        "check": 'h = hist()[:2]\nassert [btype(b) for b in sanitize_tail(h, False)[-1]["content"]] == ["text", "tool_use"]\n'
                 'assert len(h[1]["content"]) == 3\nassert len(sanitize_tail(h, True)[-1]["content"]) == 3'},
    "thinking-blocks-modified-or-invalid-signature#1": {
        "check": 'assert [btype(b) for b in strip_thinking(hist(raw=True))[1]["content"]] == ["text", "text", "tool_use"]'},
    "cache-control-empty-text-block#1": {
        "check": 'h = hist(raw=True)\nplace_breakpoint(h[1]["content"])\nlast = h[1]["content"][-1]\n'
                 'assert last["type"] == "tool_use" and last["cache_control"] == {"type": "ephemeral"}\n'
                 'h[1]["content"] = nonempty(h[1]["content"])\nsend(h)'},
    "cache-control-max-4-breakpoints#1": {
        "check": 'CC = {"type": "ephemeral"}\nh = [{"role": "user", "content": [{"type": "text", "text": f"q{i}", "cache_control": CC}]} for i in range(4)]\n'
                 'h = [x for m in h for x in (m, {"role": "assistant", "content": shaped(CUT.content)})][:-1]\n'
                 'for m in h[1::2]:\n    m["content"] = [b if isinstance(b, dict) else b.model_copy() for b in m["content"]]\n'
                 'strip_old_breakpoints(h)\nh[-1]["content"].append({"type": "text", "text": "new", "cache_control": CC})\n'
                 'assert sum("cache_control" in b for m in h for b in m["content"] if isinstance(b, dict)) == 2\n'
                 'for m in h[1::2]:\n    m["content"] = [{"type": "text", "text": "a"}]\nsend(h)'},
    "cache-control-ttl-ordering#1": {
        "setup": 'tools = [{"name": "f", "input_schema": {"type": "object"}}]\nsystem = [{"type": "text", "text": "s"}]\n'
                 'messages = hist()',
        "check": 'assert messages[-1]["content"][-1]["cache_control"] == {"type": "ephemeral"}\nsend(messages, tools=tools, system=system)'},
    "empty-text-content-blocks#1": {
        "check": 'h = clean(hist(raw=True) + [{"role": "user", "content": "  "}])\n'
                 'assert [btype(b) for b in h[1]["content"]] == ["thinking", "text", "tool_use"] and len(h) == 3\nsend(h)'},
    "final-assistant-trailing-whitespace#1": {
        "setup": 'messages = [{"role": "user", "content": "q"}, {"role": "assistant", "content": shaped(CUT.content)}]',
        "check": 'b = messages[-1]["content"][-1]\nassert (b["text"] if isinstance(b, dict) else b.text) == "Partial answer"\nsend(messages)'},
    "messages-array-empty#1": {
        "setup": 'trim_history = lambda m, b: []\nbudget = 1000\nmessages = hist() + [{"role": "assistant", "content": shaped(CUT.content)}]',
        "check": "send(trimmed)"},
    "messages-roles-must-alternate#1": {
        "check": 'h = merge_runs([{"role": "user", "content": "q"}, {"role": "assistant", "content": shaped(CUT.content)},\n'
                 '    {"role": "assistant", "content": shaped(REPLY.content)}, {"role": "user", "content": "note"}, {"role": "user", "content": [dict(TOOL_RESULT)]}])\n'
                 'assert [m["role"] for m in h] == ["user", "assistant", "user"] and btype(h[2]["content"][0]) == "tool_result"\n'
                 'h[1]["content"] = [b for b in h[1]["content"] if btype(b) in ("tool_use",)]\nsend(h)'},
    "system-role-in-messages#1": {"setup": 'msgs = [{"role": "system", "content": "Be terse."}] + hist()',
        "check": 'assert system_text == "Be terse." and [m["role"] for m in chat] == ["user", "assistant", "user"]'},
    "tool-result-without-tool-use#1": {
        "check": 'h = repair_head(hist()[1:])\nassert h == [{"role": "user", "content": [{"type": "text", "text": "(earlier turns were trimmed)"}]}]\nsend(h)'},
    # replies and events (always SDK objects; the dict shape is the same reply as JSON, not what the SDK hands out)
    "tool-use-without-tool-result#1": {"only": "obj", "setup": 'resp = REPLY\nrun_tool = _record("run_tool", "42")\nmessages = [{"role": "user", "content": "q"}]',
        "check": 'assert results == [{"type": "tool_result", "tool_use_id": "toolu_rich", "content": "42"}]\n'
                 'messages[1]["content"] = [b for b in shaped(messages[1]["content"]) if btype(b) == "tool_use"]\nsend(messages)'},
    "refusal-stop-reason#1": {"only": "obj", "check": "assert answer(req, []) == \"I'll record it.\""},
    "structured-output-parse-failed-sdk#1": {"only": "obj", "scenario": "ok",
        "setup": "import pydantic\nclass Report(pydantic.BaseModel):\n    ok: bool", "check": "assert report.ok is True"},
    "tool-input-json-parse-error-stream#1": {"only": "obj", "check": 'import json\nassert json.loads(buf[1]) == {"answer": 42}'},
    "stream-final-text-no-text-block#1": {"only": "obj", "check": 'assert text == "Hello" and msg.stop_reason == "tool_use"'},
    "batch-item-errored-or-expired#1": {"only": "obj", "scenario": "ok", "setup": 'batch_id = "msgbatch_standin"\nsave = _record("save")',
        "check": 'assert broken == [("b", "bad")] and retry == ["c"] and type(CALLS[0][1][1]).__name__ == "Message"'},
    # tool definitions: request dicts, or objects (MCP / framework tools) where the article names those sources
    "tool-name-invalid-pattern-or-length#1": {
        "setup": 'from types import SimpleNamespace as NS\ntools = [{"name": "github.create issue", "input_schema": {"type": "object"}}]\n'
                 'tools = tools if SHAPE == "dict" else [NS(**t) for t in tools]',
        "check": 'assert reverse == {"github_create_issue": "github.create issue"}'},
    "tool-names-not-unique#1": {
        "setup": 'from types import SimpleNamespace as NS\ntools = [{"name": n, "input_schema": {"type": "object"}} for n in "aab"]\n'
                 'tools = tools if SHAPE == "dict" else [NS(**t) for t in tools]',
        "check": 'assert dupes == ["a"]'},
    "structured-output-grammar-too-large#1": {"only": "dict", "setup": 'tools = [{"name": "create_order"}, {"name": "search"}]',
        "check": 'assert [t["strict"] for t in tools] == [True, False]'},
}

# exceptions: the class the SDK raises for the article's status and body, and the attributes the blocks read
for key, status, etype, names in [
    ("billing-error-402#1", 402, "billing_error", '("APIStatusError",)'),
    ("permission-denied-403#1", 403, "permission_error", '("PermissionDeniedError",)'),
    ("spend-cap-429-enforced-spend-limit#1", 429, "rate_limit_error", '("RateLimitError",)'),
]:
    OBJ_CASES[key] = {"only": "obj", "scenario": "err", "check": EXC_CHECK.format(status=status, etype=etype, names=names)}
OBJ_CASES["billing-error-402#1"] |= {"expect": "raises:APIStatusError", "setup": 'alert_billing_owner = _record("alert_billing_owner")'}
OBJ_CASES["permission-denied-403#1"]["expect"] = "raises:PermissionDeniedError"
OBJ_CASES["spend-cap-429-enforced-spend-limit#1"] |= {"expect": "raises:SpendCapReached", "setup": "class SpendCapReached(Exception):\n    pass",
    "error_extra": {"details": {"error_code": "enforced_spend_limit_reached"}},
    "check": EXC_CHECK.format(status=429, etype="rate_limit_error", names='("SpendCapReached",)').replace("EXC.", "EXC.__cause__.")}
OBJ_CASES["overloaded-529#1"] = {"only": "obj", "scenario": "err",  # the block swallows the error: call again to read it
    "check": "try:\n    client.messages.create(**params)\nexcept anthropic.APIStatusError as e:\n    EXC = e\n"
             + EXC_CHECK.format(status=529, etype="overloaded_error", names='("OverloadedError",)')
             + '\nassert getattr(EXC, "type", None) == "overloaded_error"'}
