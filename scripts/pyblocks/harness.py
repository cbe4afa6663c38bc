"""Runs one knowledge-base block in a fresh interpreter; prints one JSON line with the outcome.

The block runs after PRELUDE (the names most fixes assume the reader already has: a client, the request
they were sending, a logger) and the case's own setup. Reader-supplied helpers are recorders, so the
case's check can assert that the block called them.
"""

from __future__ import annotations

import json
import sys
import traceback

PRELUDE = """
import anthropic, logging
logging.basicConfig(level=logging.CRITICAL)
client = anthropic.Anthropic(max_retries=0)   # ANTHROPIC_BASE_URL points at the stand-in
model = MODEL = M = "claude-sonnet-4-6"
msgs = messages = [{"role": "user", "content": "Hello"}]
params = req = {"model": model, "max_tokens": 1024, "messages": messages}
log = logging.getLogger("kb-block")
CALLS = []

def _record(name, result=None):
    def helper(*args, **kwargs):
        CALLS.append((name, args))
        return result if result is not None else f"<{name}>"
    return helper
"""


def matches(exc: BaseException | None, expect: str) -> bool:
    if expect == "ok":
        return exc is None
    wanted = expect.removeprefix("raises:").split(",")
    return exc is not None and any(c.__name__ in wanted for c in type(exc).__mro__)


def main() -> None:
    spec = json.loads(open(sys.argv[1]).read())
    ns: dict = {"__name__": "__kb_block__"}
    exec(compile(PRELUDE, "<prelude>", "exec"), ns)
    exec(compile(spec["setup"], "<setup>", "exec"), ns)
    exc: BaseException | None = None
    try:
        exec(compile(spec["code"], spec["filename"], "exec"), ns)
    except BaseException as e:  # the expectation decides whether this is right
        exc = e
    outcome = "ok" if exc is None else f"raised {type(exc).__name__}: {str(exc)[:160]}"
    if not matches(exc, spec["expect"]):
        tb = "".join(traceback.format_exception(exc)) if exc else ""
        print(json.dumps({"status": "FAIL", "outcome": outcome, "why": f"expected {spec['expect']}", "trace": tb[-1500:]}))
        return
    try:
        ns["EXC"] = exc
        exec(compile(spec["check"], "<check>", "exec"), ns)
    except BaseException as e:
        print(json.dumps({"status": "FAIL", "outcome": outcome, "why": f"check failed: {type(e).__name__} {e}", "trace": traceback.format_exc()[-1500:]}))
        return
    print(json.dumps({"status": "ran", "outcome": outcome}))


if __name__ == "__main__":
    main()
