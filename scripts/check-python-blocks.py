#!/usr/bin/env python3
"""Compiles every ```python block in knowledge/ and runs the ones that can run against the real
anthropic Python SDK, with ANTHROPIC_BASE_URL on a local Messages API stand-in (127.0.0.1).

    python3 scripts/check-python-blocks.py [--mirror DIR --ref v0.121.0 | --sdk-dir DIR] [--only ARTICLE] [--markdown]

Then (pyblocks/objcases.py) the blocks that take history, content blocks, tools, replies, events or exceptions
run again, once with the SDK's own objects and once with plain dicts (rows "key [obj]" / "key [dict]").

The SDK source comes from a fetched mirror of anthropics/anthropic-sdk-python (git archive of HEAD);
its dependencies from the interpreter, Debian python3-* packages or local wheels (see pyblocks/deps.py).
How each block runs (the reader's data it assumes, the stand-in's answer, what must happen) is in
pyblocks/cases.py. Prints one row per block; exits 1 if a block does not compile or a run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "pyblocks"))

from cases import CASES  # noqa: E402
from objcases import OBJ_CASES, OBJ_PRELUDE  # noqa: E402
from deps import export_sdk, prepare  # noqa: E402
from standin import StandIn  # noqa: E402

OPEN = re.compile(r"^(\s*)```([\w+-]+)\s*$")
CLOSE = re.compile(r"^\s*```\s*$")


def python_blocks(knowledge: Path) -> list[dict]:
    out = []
    for file in sorted(knowledge.glob("*/*.md")):
        lines, count, i = file.read_text().split("\n"), 0, 0
        while i < len(lines):
            m = OPEN.match(lines[i])
            if m:
                j = i + 1
                while j < len(lines) and not CLOSE.match(lines[j]):
                    j += 1
                if m.group(2) == "python":
                    count += 1
                    code = textwrap.dedent("\n".join(lines[i + 1 : j]))
                    out.append({"key": f"{file.stem}#{count}", "article": file.stem, "file": file, "line": i + 1, "code": code})
                i = j
            i += 1
    return out


def article_errors(knowledge: Path) -> dict[str, dict]:
    """status / error type / message per article, read from the front matter, for the 'err' scenario."""
    out = {}
    for file in knowledge.glob("*/*.md"):
        head = file.read_text().split("\n---", 1)[0]
        status = re.search(r"^http_status:\s*\[?(\d+)", head, re.M)
        etype = re.search(r"^error_type:\s*\[?\s*([\w]+)", head, re.M)
        out[file.stem] = {
            "status": int(status.group(1)) if status else 400,
            "type": etype.group(1) if etype else "api_error",
            "message": f"stand-in error for {file.stem}",
        }
    return out


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_block(block: dict, case: dict, standin: StandIn, python: str, pythonpath: str, work: Path) -> dict:
    scenario = case.get("scenario", "ok")
    base = f"http://127.0.0.1:{closed_port()}" if scenario == "down" else standin.base_url(scenario, block["article"])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "AWS_", "HTTP_PROXY", "HTTPS_PROXY"))}
    env.update(PYTHONPATH=pythonpath, ANTHROPIC_BASE_URL=base, ANTHROPIC_API_KEY="sk-ant-standin-key", NO_PROXY="127.0.0.1")
    if scenario == "bedrock":
        env.update(ANTHROPIC_BEDROCK_BASE_URL=base, AWS_ENDPOINT_URL=base, AWS_REGION="us-east-1",
                   AWS_ACCESS_KEY_ID="AKIDSTANDIN", AWS_SECRET_ACCESS_KEY="standin-secret", AWS_EC2_METADATA_DISABLED="true")
    cwd = Path(tempfile.mkdtemp(prefix=block["article"] + "-", dir=work))
    spec = {"code": block["code"], "setup": case.get("setup", ""), "check": case.get("check", "pass"),
            "expect": case.get("expect", "ok"), "filename": f"{block['file'].parent.name}/{block['file'].name}:{block['line'] + 1}"}
    (cwd / "spec.json").write_text(json.dumps(spec))
    try:
        r = subprocess.run([python, str(HERE / "pyblocks" / "harness.py"), "spec.json"], cwd=cwd, env=env,
                           capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        return {"status": "FAIL", "outcome": "timed out after 90 s", "scenario": scenario}
    last = r.stdout.strip().splitlines()[-1:] or [""]
    try:
        result = json.loads(last[0])
    except json.JSONDecodeError:
        result = {"status": "FAIL", "outcome": "harness crashed", "trace": r.stderr[-1500:]}
    result["scenario"] = scenario
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", default="/work/.mirror/anthropics+anthropic-sdk-python/repo")
    ap.add_argument("--sdk-dir", help="an unpacked anthropic wheel to use instead of the mirror's source")
    ap.add_argument("--wheels", default="/opt/pypi/files", help="local wheels for what Debian lacks or has too old")
    ap.add_argument("--ref", default="HEAD", help="mirror tag or commit to export, e.g. v0.121.0")
    ap.add_argument("--no-objects", action="store_true", help="skip the object/dict pass")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--only", help="run only this article id")
    ap.add_argument("--markdown", action="store_true", help="print the table as markdown")
    ap.add_argument("--knowledge", default=str(ROOT / "knowledge"), help="another copy of knowledge/, e.g. an older commit's")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kb-python-blocks-"))
    if args.sdk_dir:
        sdk_src, commit, origin = Path(args.sdk_dir).resolve(), "unpacked wheel", args.sdk_dir
    else:
        sdk_src, commit = export_sdk(Path(args.mirror), work / "sdk", args.ref)
        origin = f"{args.mirror} @ {commit[:8]}"
    deps_report = prepare(args.python, sdk_src, work / "deps", Path(args.wheels))
    version = re.search(r'__version__ = "([^"]+)"', (sdk_src / "anthropic" / "_version.py").read_text()).group(1)
    print(f"anthropic {version} from {origin}; python {args.python}")
    for module, source in deps_report:
        print(f"  {module:18} {source}")

    knowledge = Path(args.knowledge).resolve()
    blocks = python_blocks(knowledge)
    unknown = sorted(set(CASES) - {b["key"] for b in blocks})
    standin = StandIn(article_errors(knowledge))
    pythonpath = f"{sdk_src}:{work / 'deps'}"
    rows, failed = [], 0
    for block in blocks:
        if args.only and block["article"] != args.only:
            continue
        case = CASES.get(block["key"], {})
        try:
            compile(block["code"], block["key"], "exec")
        except SyntaxError as e:
            rows.append((block, "FAIL", f"does not compile: {e.msg} (line {e.lineno})", ""))
            failed += 1
            continue
        if case.get("skip"):
            rows.append((block, "compiled", f"not run: {case['skip']}", ""))
            continue
        if "error_extra" in case:
            standin.articles[block["article"]]["extra"] = case["error_extra"]
        before = standin.calls.get(block["article"], 0)
        result = run_block(block, case, standin, args.python, pythonpath, work)
        calls = standin.calls.get(block["article"], 0) - before
        failed += result["status"] == "FAIL"
        note = result.get("why", "") + ("\n" + result["trace"] if result.get("trace") else "")
        rows.append((block, result["status"], f"{result['scenario']}: {result['outcome']}; API calls {calls}", note))
    if not args.no_objects:
        for row in object_pass(blocks, args, standin, pythonpath, work):
            failed += row[1] == "FAIL"
            rows.append(row)
    unknown += sorted(set(OBJ_CASES) - {b["key"] for b in blocks})
    standin.close()
    shutil.rmtree(work, ignore_errors=True)
    print_table(rows, args.markdown)
    for key in unknown:
        print(f"stale case (no such block): {key}")
    total = len(rows)
    print(f"\n{total} blocks: {sum(r[1] == 'ran' for r in rows)} ran, {sum(r[1] == 'compiled' for r in rows)} compiled only, {failed} failed")
    return 1 if failed or unknown else 0


def object_pass(blocks, args, standin: StandIn, pythonpath: str, work: Path):
    """Each OBJ_CASES block once per input shape; the rich scenario's setup starts with OBJ_PRELUDE."""
    for block in blocks:
        case = OBJ_CASES.get(block["key"])
        if not case or (args.only and block["article"] != args.only):
            continue
        scenario = case.get("scenario", "rich")
        for shape in [case["only"]] if "only" in case else ["obj", "dict"]:
            prelude = OBJ_PRELUDE if scenario == "rich" else ""
            run = {**case, "scenario": scenario, "setup": f'SHAPE = "{shape}"\n{prelude}\n{case.get("setup", "")}'}
            if "error_extra" in case:
                standin.articles[block["article"]]["extra"] = case["error_extra"]
            result = run_block(block, run, standin, args.python, pythonpath, work)
            note = result.get("why", "") + ("\n" + result["trace"] if result.get("trace") else "")
            yield ({**block, "key": f"{block['key']} [{shape}]"}, result["status"], f"{scenario}: {result['outcome']}", note)


def print_table(rows, markdown: bool) -> None:
    if markdown:
        print("\n| block | line | result | detail |\n| --- | --- | --- | --- |")
    for block, status, detail, note in rows:
        where = f"{block['file'].parent.name}/{block['file'].name}:{block['line']}"
        if markdown:
            print(f"| {block['key']} | {where} | {status} | {detail.replace('|', '/')} |")
        else:
            print(f"{status:9} {block['key']:55} {detail}")
            if note.strip():
                print(textwrap.indent(note.strip(), "          "))


if __name__ == "__main__":
    sys.exit(main())
