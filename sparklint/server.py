"""`sparklint server`: a language server (LSP over standard input and output) for editors.

On `textDocument/didOpen` and every `didChange` (full-text sync) the document's text is linted with
`sparklint.lint_text` under the name of its path, so the configuration that applies on disk applies, and
`textDocument/publishDiagnostics` carries one diagnostic per finding: the rule id as `code`, the range of
the setting, the severity, the message and its fix hint (secret values masked, as in every output).
`textDocument/hover` on a diagnostic's range shows the rule's page; `textDocument/codeAction` offers the
edit `--fix` would make (sparklint/fix) as a quick fix, marked "(unsafe)" where `--fix` needs
`--unsafe-fixes`. Built on pygls (the optional extra `server`), imported only by this command.

What applies to a document is read from disk on each lint: the nearest `.sparklint.toml` /
`pyproject.toml` and the policy files it names, an EMR Serverless application beside a job, a Synapse
pool defined in the repository. So when one of those changes, every open document is linted again: on
`textDocument/didSave` of any document, and on `workspace/didChangeWatchedFiles` for `*.toml` files,
which the server asks the client to watch when the client can register watchers dynamically (a `git
checkout` or an edit in another program changes the configuration without a save in the editor).

LSP positions are 0-based and count UTF-16 code units (LSP 3.17 "Position"); sparklint's are 1-based
and count characters, so each is converted with the line it is on.
"""

from __future__ import annotations

import sys
from typing import Any, Optional, Sequence

from sparklint import __version__
from sparklint.rule import Finding

INSTALL_HINT = "pip install 'sparklint[server]'"
# Files whose change on disk changes what applies to open documents: the configuration and the policy
# files it names (any .toml, `policies = [...]` may name any).
CONFIG_WATCH = ("**/*.toml",)


def server_command(arguments: Sequence[str]) -> int:
    """`sparklint server [--stdio]`: serve until the client says `exit`."""
    unknown = [argument for argument in arguments if argument != "--stdio"]
    if unknown:
        print(f"sparklint: error: server: unknown argument {unknown[0]!r} (usage: sparklint server [--stdio])",
              file=sys.stderr)
        return 2
    try:
        server = build_server()
    except ImportError as error:
        print(f"sparklint: error: `sparklint server` needs pygls, the optional extra `server` "
              f"({INSTALL_HINT}): {error.name or error} is not installed", file=sys.stderr)
        return 2
    server.start_io()
    return 0


def build_server() -> Any:
    """The pygls LanguageServer with sparklint's features (raises ImportError without pygls)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    server = LanguageServer("sparklint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
    findings_by_uri: dict[str, list[Finding]] = {}

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        findings, problem = _lint(document.source, _path(uri))
        findings_by_uri[uri] = findings
        lines = document.source.splitlines()
        diagnostics = [_diagnostic(types, finding, lines) for finding in findings]
        if problem is not None:
            diagnostics.append(types.Diagnostic(range=_range(types, lines, 1, 1, 1, 1), message=problem,
                                                severity=types.DiagnosticSeverity.Error, source="sparklint"))
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: Any) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: Any) -> None:
        publish(params.text_document.uri)

    def publish_open() -> None:
        """Lint every open document again: what applies to them on disk may have changed."""
        from sparklint.distribution import is_distribution

        is_distribution.cache_clear()  # a folder may have become, or stopped being, a Spark distribution
        for uri in list(findings_by_uri):
            publish(uri)

    @server.feature(types.INITIALIZED)
    def initialized(params: Any) -> None:
        workspace = server.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is None or not watched.dynamic_registration:
            return  # the client cannot watch for us: didSave still re-lints
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in CONFIG_WATCH]
        server.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id="sparklint-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(params: Any) -> None:
        publish_open()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: Any) -> None:
        publish_open()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: Any) -> None:
        findings_by_uri.pop(params.text_document.uri, None)
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: Any) -> Optional[Any]:
        lines = server.workspace.get_text_document(params.text_document.uri).source.splitlines()
        position = params.position
        under = [finding for finding in findings_by_uri.get(params.text_document.uri, [])
                 if _contains(_range(types, lines, *_span(finding)), position)]
        pages = _pages(under)
        if not pages:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(pages)),
                           range=_range(types, lines, *_span(under[0])))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(params: Any) -> list[Any]:
        uri = params.text_document.uri
        lines = server.workspace.get_text_document(uri).source.splitlines()
        actions = []
        for finding in findings_by_uri.get(uri, []):
            edit = finding.edit
            finding_range = _range(types, lines, *_span(finding))
            if edit is None or not _overlaps(finding_range, params.range):
                continue
            change = types.TextEdit(range=_range(types, lines, edit.line, edit.column, edit.end_line, edit.end_column),
                                    new_text=edit.text)
            title = f"{finding.rule}: {edit.title}" + ("" if edit.safe else " (unsafe)")
            actions.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                            diagnostics=[_diagnostic(types, finding, lines)], is_preferred=edit.safe,
                                            edit=types.WorkspaceEdit(changes={uri: [change]})))
        return actions

    return server


def _lint(text: str, path: str) -> tuple[list[Finding], Optional[str]]:
    """The findings of `text` read as `path`, or a configuration problem to show instead."""
    from sparklint.api import lint_text
    from sparklint.registry import RegistryError
    from sparklint.settings import ConfigError

    try:
        return lint_text(text, path), None
    except (ConfigError, RegistryError) as error:
        return [], f"sparklint: {error}"


def _path(uri: str) -> str:
    """The file-system path of a `file:` URI; any other URI (an unsaved buffer) by its last segment."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme == "file":
        import os

        from urllib.request import url2pathname

        return os.path.normpath(url2pathname(unquote(parsed.path)))
    return unquote(parsed.path.rsplit("/", 1)[-1]) or "untitled"


def _span(finding: Finding) -> tuple[int, int, int, int]:
    """A finding's 1-based span with an exclusive end (a finding's own end column is inclusive)."""
    return finding.line, finding.column, finding.end_line or finding.line, (finding.end_column or finding.column) + 1


def _range(types: Any, lines: list[str], line: int, column: int, end_line: int, end_column: int) -> Any:
    return types.Range(start=_position(types, lines, line, column), end=_position(types, lines, end_line, end_column))


def _position(types: Any, lines: list[str], line: int, column: int) -> Any:
    """1-based line and character column -> LSP's 0-based line and UTF-16 offset."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    prefix = text[:max(column - 1, 0)]
    return types.Position(line=max(line - 1, 0), character=len(prefix.encode("utf-16-le")) // 2)


def _diagnostic(types: Any, finding: Finding, lines: list[str]) -> Any:
    severity = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
                "info": types.DiagnosticSeverity.Information}[finding.severity]
    message = f"{finding.message} {finding.fix}".strip() if finding.fix else finding.message
    return types.Diagnostic(range=_range(types, lines, *_span(finding)), message=f"{message} [{finding.name}]",
                            severity=severity, code=finding.rule, source="sparklint")


def _pages(findings: list[Finding]) -> list[str]:
    """Each rule's page once, in Markdown (the built-in rules and the team policies that applied)."""
    from sparklint.commands import rule_markdown
    from sparklint.registry import load_rules
    from sparklint.settings import loaded_policies

    known = {**load_rules(), **{policy.id: policy for policy in loaded_policies()}}
    pages = {}
    for finding in findings:
        rule = known.get(finding.rule)
        if rule is not None and rule.id not in pages:
            pages[rule.id] = f"### {rule.id} {rule.name}\n\n{rule_markdown(rule, '####')}"
    return list(pages.values())


def _contains(span: Any, position: Any) -> bool:
    start, end = (span.start.line, span.start.character), (span.end.line, span.end.character)
    return start <= (position.line, position.character) <= end


def _overlaps(first: Any, second: Any) -> bool:
    return (first.start.line, first.start.character) <= (second.end.line, second.end.character) and \
        (second.start.line, second.start.character) <= (first.end.line, first.end.character)
