"""The command line: `agreement-assistant check FILE`, `ask QUESTION` and `serve`."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from .checklist.elements import Finding
from .checklist.report import NOTICE, Analysis, analyse, as_json, headline
from .config import Settings, configure_logging
from .errors import AssistantError, BadSetting, DocumentTooLarge
from .reading.documents import read_document

WIDTH = 88


def main(argv: list[str] | None = None) -> int:
    """Run a command and return the exit code (0 fine, 2 the file, the question or a setting could not be used)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 1
    try:
        args.settings = Settings.from_env()
    except BadSetting as error:
        print(error, file=sys.stderr)
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agreement-assistant", description="Explain a child-protection written agreement in plain language."
    )
    commands = parser.add_subparsers(dest="command")
    check = commands.add_parser("check", help="check an agreement (PDF, Word .docx or text) against guidance")
    check.add_argument("file", type=Path, help="the agreement file")
    check.add_argument("--json", action="store_true", help="print the same JSON as the web API")
    check.set_defaults(run=run_check)
    ask = commands.add_parser("ask", help="ask a question in your own words")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--agreement", type=Path, help="an agreement file the question is about")
    ask.add_argument("--json", action="store_true", help="print the same JSON as the web API")
    ask.set_defaults(run=run_ask)
    serve = commands.add_parser("serve", help="serve the web assistant")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=run_serve)
    return parser


def run_check(args: argparse.Namespace) -> int:
    """Read and check one file, printing the checklist or a plain message."""
    settings = args.settings
    try:
        data = _read_file(args.file, settings)
        analysis = analyse(read_document(data, settings))
    except AssistantError as error:
        print(error.message, file=sys.stderr)
        return 2
    print(json.dumps(as_json(analysis), indent=2, ensure_ascii=False) if args.json else render(analysis, args.file))
    return 0


def run_ask(args: argparse.Namespace) -> int:
    """Answer one question, about an agreement file when one is given."""
    from .answers.answering import Held, answer_json
    from .answers.loading import build_answerer

    settings = args.settings
    try:
        held = Held(analyse(read_document(_read_file(args.agreement, settings), settings))) if args.agreement else None
        answer = build_answerer(settings).answer(args.question, held, settings.max_question_chars)
    except AssistantError as error:
        print(error.message, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer_json(answer), indent=2, ensure_ascii=False))
        return 0
    print(answer.text)
    cited = [s for s in answer.sources if s.get("kind") == "agreement"] + [
        s for s in answer.sources if s.get("kind") == "guidance"
    ]
    if cited:
        print("\nWhere this comes from:")
        for source in cited:
            where = source.get("ref") or source.get("url") or ""
            print(f"  - {source['title']}" + (f" ({where})" if where else ""))
    return 0


def _read_file(path: Path, settings: Settings) -> bytes:
    try:
        if path.stat().st_size > settings.max_upload_bytes:
            raise DocumentTooLarge.over(settings.max_upload_bytes)
        return path.read_bytes()
    except IsADirectoryError:
        raise AssistantError(f"“{path}” is a folder. Please give the path of the agreement file itself.") from None
    except FileNotFoundError:
        raise AssistantError(f"There is no file at “{path}”. Please check the name and try again.") from None
    except PermissionError:
        raise AssistantError(f"We are not allowed to open “{path}”. Please check its permissions.") from None


def render(analysis: Analysis, path: Path) -> str:
    """The checklist as text for a terminal: what is missing, what is worrying, the evidence and where it is."""
    document = analysis.document
    pages = f", {len(document.pages)} page{'s' if len(document.pages) != 1 else ''}" if document.kind == "pdf" else ""
    lines = [
        f"{path.name}: {document.title or 'agreement'} ({document.kind.upper()}{pages})",
        "",
        headline(analysis.findings),
        "",
    ]
    lines += [f"Note: {w}" for w in document.warnings]
    groups = (
        ("MISSING: guidance says an agreement should have these", "missing"),
        ("WORRYING: guidance says an agreement should not have these", "flagged"),
        ("FOUND: things guidance looks for", "present"),
    )
    for title, status in groups:
        chosen = [f for f in analysis.findings if f.status == status]
        if chosen:
            lines += [title, *[_render_finding(f) for f in chosen], ""]
    lines += _render_measures(analysis) + ["", *_wrap(NOTICE, "")]
    return "\n".join(lines)


def _render_finding(finding: Finding) -> str:
    mark = {"missing": "[missing]", "flagged": "[worry]", "present": "[found]"}[finding.status]
    out = [f"  {mark} {finding.label}"]
    for evidence in finding.evidence:
        out += _wrap(f"“{evidence.quote}” ({evidence.ref})", "      ")
    if finding.terms:
        out += _wrap("Words to ask about: " + ", ".join(finding.terms), "      ")
    if finding.needs_attention:
        out += _wrap(finding.explanation, "      ")
    return "\n".join(out)


def _render_measures(analysis: Analysis) -> list[str]:
    lines = []
    reading = analysis.readability
    if reading["reading_age"]:
        lines.append(
            f"Reading age: about {reading['reading_age']} (GOV.UK aims for 9). "
            f"Average sentence: {reading['average_sentence_words']} words."
        )
        longest = reading["longest_sentences"][0]
        lines += _wrap(f"Longest sentence ({longest['words']} words, {longest['ref']}): “{longest['quote']}”", "  ")
    dates = analysis.dates
    named = [(label, dates[key]) for label, key in (("starts", "start"), ("ends", "end")) if dates[key]]
    named += [("review", review) for review in dates["reviews"]]
    if named:
        lines.append("Dates: " + "; ".join(f"{label} {d['text']}" for label, d in named))
    lines += analysis.signposts
    return lines


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def run_serve(args: argparse.Namespace) -> int:
    """Serve the assistant with uvicorn."""
    import uvicorn

    configure_logging(args.settings.log_level)
    uvicorn.run("assistant.app:app", host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
