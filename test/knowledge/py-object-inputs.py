"""Runs the knowledge base's history / content-block / tool-list fixes with both input shapes a reader has.

Standard library only, so it runs in CI without the anthropic SDK. Obj stands in for the SDK's reply blocks
(pydantic models): attributes and model_dump/model_copy, but no .get() and no ["key"], which is exactly what
made dict-only fixes crash on `response.content`. The same blocks ran against the real SDK objects (0.121.0 and
1.13.0) with scripts/check-python-blocks.py; see knowledge/VERIFICATION-PYTHON-BLOCKS.md.

stdin: JSON list of {"key", "code"}; stdout: JSON list of "key [shape]: problem" strings (empty when all pass).
"""

import copy
import json
import sys
import traceback
from types import SimpleNamespace as NS


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)

    def model_dump(self, exclude_none=False, **_):
        return {k: copy.deepcopy(v) for k, v in self.__dict__.items() if not (exclude_none and v is None)}

    def model_copy(self):
        return Obj(**self.__dict__)


def reply():  # a tool-calling reply as the SDK returns it, with the empty text block the API can send
    return [Obj(type="thinking", thinking="t", signature="s"), Obj(type="text", text="", citations=None),
            Obj(type="text", text="I'll record it.", citations=None), Obj(type="tool_use", id="toolu_1", name="f", input={})]


def cut():  # a reply cut off by max_tokens
    return [Obj(type="text", text="Partial answer \n", citations=None)]


PRELUDE = """
def shaped(blocks):
    return blocks if SHAPE == "obj" else [b.model_dump(exclude_none=True) for b in blocks]
def btype(b):
    return b["type"] if isinstance(b, dict) else b.type
def text(b):
    return b["text"] if isinstance(b, dict) else b.text
TR = {"type": "tool_result", "tool_use_id": "toolu_1", "content": "42"}
def hist():
    return [{"role": "user", "content": "q"}, {"role": "assistant", "content": shaped(reply())}, {"role": "user", "content": [dict(TR)]}]
class _Messages:
    def count_tokens(self, messages, **kw):
        return NS(input_tokens=100_000 * len(messages))
    def create(self, **kw):
        SENT.append(kw)
client = NS(messages=_Messages())
SENT = []
model = "claude-sonnet-4-6"
"""

# key -> (setup, check); both run after the block, once per shape
CASES = {
    "thinking-block-placement-when-disabled#1": ("", 'h = hist()[:2]\nassert [btype(b) for b in sanitize(h, False, prefill_ok=True)[-1]["content"]] == ["text", "text", "tool_use"]\n'
        'assert sanitize(h, False) == h[:1] and len(h) == 2\nassert [btype(b) for b in sanitize(h, True)[-1]["content"]][-1] == "tool_use"'),
    "thinking-blocks-modified-or-invalid-signature#1": ("", 'assert [btype(b) for b in strip_thinking(hist())[1]["content"]] == ["text", "text", "tool_use"]'),
    "cache-control-empty-text-block#1": ("", 'h = hist()\nplace_breakpoint(h[1]["content"])\nassert h[1]["content"][-1]["cache_control"] == {"type": "ephemeral"}'),
    "cache-control-max-4-breakpoints#1": ("", 'h = hist() + [{"role": "user", "content": [{"type": "text", "text": "n"}]}]\n'
        'h[2]["content"][0]["cache_control"] = {"type": "ephemeral"}\nstrip_old_breakpoints(h)\nassert "cache_control" not in h[2]["content"][0]'),
    "empty-text-content-blocks#1": ("", 'h = clean(hist())\nassert [btype(b) for b in h[1]["content"]] == ["thinking", "text", "tool_use"]'),
    "final-assistant-trailing-whitespace#1": ('messages = [{"role": "user", "content": "q"}, {"role": "assistant", "content": shaped(cut())}]',
        'assert text(messages[-1]["content"][-1]) == "Partial answer"'),
    "messages-array-empty#1": ('trim_history = lambda m, b: []\nbudget = 1\nmessages = hist() + [{"role": "assistant", "content": shaped(cut())}]',
        'assert trimmed == [{"role": "user", "content": "q"}]'),
    "messages-roles-must-alternate#1": ("", 'h = merge_runs(hist()[:2] + [{"role": "assistant", "content": shaped(cut())}, {"role": "user", "content": "x"}, {"role": "user", "content": [dict(TR)]}])\n'
        'assert [m["role"] for m in h] == ["user", "assistant", "user"] and btype(h[2]["content"][0]) == "tool_result"'),
    "tool-result-without-tool-use#1": ("", 'assert repair_head(hist()[1:])[0]["content"] == [{"type": "text", "text": "(earlier turns were trimmed)"}]'),
    "prompt-too-long#1": ('system = "s"\ntools = []\nmessages = hist() + [{"role": "assistant", "content": shaped(cut())}, {"role": "user", "content": "next"}]',
        'assert messages == [{"role": "user", "content": "next"}]'),
    "system-role-in-messages#1": ('msgs = [{"role": "system", "content": "s"}] + hist()', 'assert system_text == "s" and len(chat) == 3'),
    "tool-use-without-tool-result#1": ('resp = NS(content=reply())  # a reply is always an SDK object\nrun_tool = lambda b: "42"\nmessages = []',
        'assert results == [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "42"}]'),
    "tool-name-invalid-pattern-or-length#1": ('tools = [{"name": "a.b c"}]\ntools = tools if SHAPE == "dict" else [NS(**t) for t in tools]',
        'assert reverse == {"a_b_c": "a.b c"}'),
    "tool-names-not-unique#1": ('tools = [{"name": n} for n in "aab"]\ntools = tools if SHAPE == "dict" else [NS(**t) for t in tools]',
        'assert dupes == ["a"]'),
}


def run(key, code, shape):
    setup, check = CASES[key]
    ns = {"SHAPE": shape, "NS": NS, "reply": reply, "cut": cut}
    parts = {"prelude": PRELUDE, "setup": setup, "block": code, "check": check}
    try:
        for name, part in parts.items():
            exec(compile(part, name, "exec"), ns)
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        frame = [f for f in traceback.extract_tb(e.__traceback__) if f.filename in parts][-1]
        line = parts[frame.filename].splitlines()[frame.lineno - 1].strip()
        return f"{key} [{shape}]: {type(e).__name__}: {e} ({frame.filename} line {frame.lineno}: `{line}`)"
    return None


def main():
    blocks = json.load(sys.stdin)
    out = [p for b in blocks if b["key"] in CASES for s in ("obj", "dict") if (p := run(b["key"], b["code"], s))]
    missing = sorted(set(CASES) - {b["key"] for b in blocks})
    out += [f"{k}: no such block (renumbered or removed?)" for k in missing]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
