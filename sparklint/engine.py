"""The lint run: files -> documents -> JobConfigs -> rules -> findings.

Files are read and recognised first, then EMR Serverless applications are matched to the jobs linted
with them (an application's maximumCapacity and runtimeConfiguration apply to its jobs), then rules run.
"""

from __future__ import annotations

import os
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Mapping, Optional

from sparklint.dialects import recognise
from sparklint.knowledge import emr_serverless
from sparklint.knowledge.platforms import default_settings
from sparklint.load import load
from sparklint.knowledge.versions import judged_version, spark_minor
from sparklint.masking import Masker
from sparklint.model import Capacity, JobConfig, Setting, SparkVersionChoice
from sparklint.patterns import lazy_pattern
from sparklint.records import Record
from sparklint.registry import DEFAULT_OPTIONS, DeferredOptions, matches, resolved, unknown_selector
from sparklint.rule import SEVERITY_RANK, Finding, Hit, NoOptions, Rule
from sparklint.settings import ConfigError, Settings
from sparklint.suppress import Suppressions, parse as parse_suppressions
from sparklint.tree import Document, LoadError, Pairs, Ref
from sparklint.verdict import after_load_failure, of_file, skipped_properties

if TYPE_CHECKING:
    from sparklint.policy.one_pass import PolicyPass

PARSE_ERROR = "SL001"
UNUSED_SUPPRESSION = "SL008"  # reported by the engine, which applies suppressions
DEFAULT_SPARK_VERSION = "3.5"
_MASTER_PLATFORMS = (("yarn", "yarn"), ("k8s://", "kubernetes"), ("spark://", "standalone"),
                     ("local", "local"), ("databricks", "databricks"))
# A rule reports at most this many hits per config. A hostile 4 MB spark-defaults.conf of a million
# `a=1` lines gave 2 million findings (SL004 and SL002 on every line) and 2.7 GB of memory; no real
# file comes near. The rest are counted, not kept, and the run says how many there were.
MAX_HITS_PER_RULE = 1000
_SPARK_HINTS = ("%%configure", "driverMemory", "executorMemory", "numExecutors", "maximumCapacity", "Classification")
# What a Spark config says of Spark: a property, a native field, a launcher, an image, a Spark platform's
# resource. Not the bare word: every manifest of a repository about Spark names it (`spark-operator`).
_SPARK_MARKS = lazy_pattern(r"spark\.|spark_|spark-(?:submit|defaults|shell|sql|class)"
                            r"|spark(?:Conf|Version|Submit|Application|Properties)"
                            r"|Spark(?:Application|Session|Conf|Submit)|SPARK_|bitnami/spark|apache/spark"
                            r"|emrserverless|EMRServerless|emr-serverless|aws_emr|AWS::EMR|dataproc|databricks"
                            r"|synapse_spark|bigDataPools")


class FileResult:
    """One file read and recognised: its configs, load errors, and what the rules left unreported."""

    __slots__ = ("path", "settings", "text", "configs", "load_errors", "syntax", "skipped", "unreported",
                 "spark_like")

    def __init__(self, path: str, settings: Settings, text: str = "", configs: Optional[list[JobConfig]] = None,
                 load_errors: Optional[list[LoadError]] = None, syntax: str = "", skipped: str = "") -> None:
        self.path = path
        self.settings = settings
        self.text = text
        self.configs: list[JobConfig] = [] if configs is None else configs
        self.load_errors: list[LoadError] = [] if load_errors is None else load_errors
        self.syntax = syntax
        self.skipped = skipped  # why the file is not read (the recognition verdict), for --verbose
        # rule id -> hits it found in this file beyond MAX_HITS_PER_RULE per config (not reported)
        self.unreported: dict[str, int] = {}
        # Whether a file with load errors looks like a Spark config (its parse errors are SL001 findings):
        # decided once by `read`, from a regex over the whole text, and carried to `check`.
        self.spark_like = False


class Linter:
    """One run over many files with one set of rules."""

    def __init__(self, rules: dict[str, Rule], overrides: Optional[dict[str, object]] = None) -> None:
        self.rules = rules
        self.overrides = overrides or {}  # CLI flags that beat config files
        self._rule_sets: dict[int, _RuleSet] = {}  # by id(settings): one Settings serves many files
        self._checked_versions: set[str] = {DEFAULT_SPARK_VERSION}

    # Reading and recognising -------------------------------------------------------------------

    def read(self, path: str, text: str, settings: Settings) -> FileResult:
        result = FileResult(path, settings, text)
        verdict = of_file(path, text)  # what the file is, before anything reads it
        if not verdict.syntax:
            result.skipped = verdict.reason
            return result
        documents, result.load_errors = load(path, text, verdict.syntax)
        if result.load_errors and verdict.syntax in ("json", "yaml", "properties", "notebook"):
            note = after_load_failure(verdict, path, text)
            if note is not None:
                result.skipped, result.load_errors = note, []
                return result
        for document in documents:
            result.configs.extend(recognise(document))
        if result.load_errors:
            result.spark_like = _looks_like_spark(path, text)
        if result.load_errors and not result.configs:
            skipped = _unreported_failure(verdict.syntax, result.spark_like, text, result.load_errors)
            if skipped is not None:  # not reported, so not counted as checked either
                result.skipped, result.load_errors = skipped, []
                return result
        if verdict.syntax == "notebook" and len(result.configs) > 1:
            _share_glue_session(result.configs)
        if not result.configs and verdict.syntax == "properties" and documents:
            result.skipped = skipped_properties(documents[0])
        for config in result.configs:
            self._resolve_platform(config, settings)
        return result

    def resolve(self, config: JobConfig, settings: Settings) -> None:
        """The Spark version, platform and default layers of a config built outside `read` (explain's job
        on an application explained alone)."""
        self._resolve_platform(config, settings)

    def _resolve_platform(self, config: JobConfig, settings: Settings) -> None:
        self._resolve_version(config, settings)
        if not config.platform_source:
            if settings.platform:
                config.platform = settings.platform
                config.platform_source = "--platform" if "platform" in self.overrides else "sparklint config"
            else:
                master = (config.value("spark.master") or "").strip()
                for prefix, platform in _MASTER_PLATFORMS:
                    if master.startswith(prefix):
                        config.platform, config.platform_source = platform, f"spark.master={master}"
                        break
        if config.kind not in ("application", "key-list"):
            config.settings.extend(default_settings(config.platform))

    def _resolve_version(self, config: JobConfig, settings: Settings) -> None:
        """The catalog version the config is judged by: `--spark-version` or the sparklint config, else
        what the file declares (older or newer than the catalog: its oldest or newest version, with a
        note), else the default."""
        declared = config.declared_version
        if settings.spark_version:
            origin = "--spark-version" if "spark_version" in self.overrides else "config"
            note = ""
            if declared is not None and declared.spark and spark_minor(declared.spark) != spark_minor(settings.spark_version):
                written = declared.field if declared.text == declared.spark else f"{declared.field} {declared.text}"
                setter = origin if origin == "--spark-version" else f"spark-version in {settings.source or 'the config'}"
                note = (f"the file declares Spark {declared.spark} ({written}); {setter} sets "
                        f"{settings.spark_version}, which wins: judged by Spark {settings.spark_version}")
            choice = SparkVersionChoice(self._spark_version(settings), origin, declared,
                                        str(settings.source or ""), note)
        elif declared is not None and declared.spark:
            from sparklint.knowledge.catalog import catalog

            judged = judged_version(declared.spark, catalog().versions)
            if judged is None:  # a field that does not hold a version ("latest")
                choice = SparkVersionChoice(DEFAULT_SPARK_VERSION, "default", declared, note=(
                    f"{declared.field} {declared.text!r} is not a Spark version: judged by Spark {DEFAULT_SPARK_VERSION}"))
            else:
                choice = SparkVersionChoice(judged.catalog, "file", declared, note=judged.note)
        elif declared is not None:
            choice = SparkVersionChoice(DEFAULT_SPARK_VERSION, "default", declared, note=(
                f"{declared.field} {declared.text}: {declared.citation or 'not a Spark version'}, so the Spark "
                f"version is unknown: judged by Spark {DEFAULT_SPARK_VERSION}"))
        else:
            choice = SparkVersionChoice(DEFAULT_SPARK_VERSION, "default")
        config.spark_version, config.spark_version_choice = choice.version, choice

    def _spark_version(self, settings: Settings) -> str:
        version = settings.spark_version or DEFAULT_SPARK_VERSION
        if version not in self._checked_versions:
            from sparklint.knowledge.catalog import catalog

            try:
                catalog().version(version)
            except ValueError as error:
                where = "--spark-version" if "spark_version" in self.overrides else (settings.source or "configuration")
                raise ConfigError(f"{where}: {error}") from error
            self._checked_versions.add(version)
        return version

    # Applications and capacity -----------------------------------------------------------------

    def attach_applications(self, results: list[FileResult]) -> None:
        applications = [config for result in results for config in result.configs
                        if config.kind == "application" and config.platform == "emr-serverless"]
        by_name = {config.name: config for config in reversed(applications) if config.name}
        for result in results:
            for config in result.configs:
                if config.platform != "emr-serverless" or config.kind == "application":
                    continue
                application = _matching_application(config, applications, by_name)
                if application is not None:
                    config.settings.extend(application.settings)
                    config.capacity = application.capacity
                    if config.declared_version is None and application.declared_version is not None:
                        # The job runs on the application's release (StartJobRun has no releaseLabel).
                        config.declared_version = application.declared_version
                        self._resolve_version(config, result.settings)
                configured = result.settings.max_capacity
                if configured:
                    config.capacity = _configured_capacity(configured, result.settings)

    # Rules -------------------------------------------------------------------------------------

    def check(self, result: FileResult) -> list[Finding]:
        findings: list[Finding] = []
        rule_set = self._rule_set(result.settings)
        parse_error = rule_set.parse_error
        if result.load_errors and parse_error is not None:
            if result.spark_like:
                rule, severity = parse_error
                for error in result.load_errors:
                    if not error.certain:
                        continue  # a subset reader gave up (Terraform): a skip note, not a finding
                    span = error.span
                    findings.append(Finding(result.path, span.line if span else 1, span.column if span else 1,
                                            rule.id, rule.name, severity, error.message,
                                            "Fix the syntax so Spark (and sparklint) can read the file.",
                                            span.end_line if span else 0, span.end_column if span else 0))
        for config in result.configs:
            if parse_error is not None:
                rule, severity = parse_error
                for message, ref in config.problems:
                    findings.append(_finding(rule, severity, Hit(message, "Fix the arguments so spark-submit "
                                                                 "accepts them.", ref), config))
            kind_rules = rule_set.by_kind.get(config.kind)
            # Only the rules that may fire: those without keys, and those with a key set (written or by a
            # default): a run with hundreds of team policies pays for the few that apply.
            for rule, severity, options in kind_rules.candidates(config.winners(), config.platform) if kind_rules else ():
                try:
                    found_hits = iter(rule.check(config, options))
                    hits = list(islice(found_hits, MAX_HITS_PER_RULE))
                    if len(hits) == MAX_HITS_PER_RULE:
                        more = sum(1 for _ in found_hits)
                        if more:
                            result.unreported[rule.id] = result.unreported.get(rule.id, 0) + more
                except Exception as error:  # a broken rule is reported, and the run goes on
                    hits = [Hit(f"rule {rule.id} crashed on this file: {type(error).__name__}: {error}",
                                "Report this to the rule's authors.")]
                    severity_used = "error"
                else:
                    severity_used = severity
                if hits:
                    findings.extend(_finding(rule, severity_used, hit, config) for hit in hits)
            policies = rule_set.policies.get(config.kind)
            if policies is not None:  # the team policies, in one pass (sparklint/policy/one_pass.py)
                findings.extend(_finding(rule, severity, hit, config) for rule, severity, hit in policies.hits(config))
        return _masked(_filter(findings, result, rule_set), result)

    def check_settings(self, settings: Settings) -> None:
        """Raise ConfigError now for what would fail later: unknown rules, options and severities."""
        self._rule_set(settings)

    def _rule_set(self, settings: Settings) -> _RuleSet:
        """The rules this file's settings enable, with their severity and options; worked out once per Settings."""
        found = self._rule_sets.get(id(settings))
        if found is not None:
            return found
        rules = _with_policies(self.rules, settings)
        _check_selectors(settings, rules)
        enabled = []
        for rule in rules.values():
            if settings.select and not any(matches(rule, selector) for selector in settings.select):
                continue
            if any(matches(rule, selector) for selector in settings.ignore):
                continue
            configured = dict(settings.rules.get(rule.id, {}))
            configured.update(settings.rules.get(rule.name, {}))
            severity = str(configured.pop("severity", rule.severity))
            if severity == "off":
                continue
            options = _options(rule, configured, settings)
            if rule.needs_option and not option_set(options, rule.needs_option):
                continue  # checks nothing without that option (SL105 max_container_memory)
            enabled.append((rule, severity, options))
        parse_error = next(((rule, severity) for rule, severity, _ in enabled if rule.id == PARSE_ERROR), None)
        unused = next(((rule, severity) for rule, severity, _ in enabled if rule.id == UNUSED_SUPPRESSION), None)
        entries: dict[str, list[tuple[Rule, str, object]]] = {}
        policy_ids = {policy.id for policy in settings.policies}
        policy_entries: dict[str, list[tuple[Rule, str]]] = {}
        for entry in enabled:
            if entry[0].id in policy_ids:
                for kind in entry[0].kinds:
                    policy_entries.setdefault(kind, []).append((entry[0], entry[1]))
            elif entry[0].id != PARSE_ERROR:  # SL001 is reported from load errors and problems, above
                for kind in entry[0].kinds:
                    entries.setdefault(kind, []).append(entry)
        by_kind = {kind: _KindRules(listed) for kind, listed in entries.items()}
        policies: dict[str, PolicyPass] = {}
        if policy_entries:
            from sparklint.policy.one_pass import PolicyPass

            policies = {kind: PolicyPass(listed) for kind, listed in policy_entries.items()}
        found = self._rule_sets[id(settings)] = _RuleSet(parse_error, by_kind, unused,
                                                         tuple(rule for rule, _, _ in enabled), rules, policies)
        return found


def _with_policies(rules: Mapping[str, Rule], settings: Settings) -> Mapping[str, Rule]:
    """The registered rules and the config's team policies, which must not take a registered id or name."""
    if not settings.policies:
        return rules
    names = {rule.name: rule.id for rule in rules.values()}
    for policy in settings.policies:
        taken = rules.get(policy.id) or (rules.get(names[policy.name]) if policy.name in names else None)
        if taken is not None:
            raise ConfigError(f"{settings.source}: policy {policy.id} ({policy.name}): the id or name of the "
                              f"registered rule {taken.id} ({taken.name})")
    return {**rules, **{policy.id: policy for policy in settings.policies}}


class _KindRules:
    """The enabled rules for one config kind, (rule, severity, options) in id order, indexed by the keys
    and platforms that rules declare (`Rule.keys`, `Rule.platforms`)."""

    __slots__ = ("entries", "keyless", "by_key", "platforms", "_keyless_on")

    def __init__(self, entries: list[tuple[Rule, str, object]]) -> None:
        self.entries = entries
        self.keyless = [index for index, entry in enumerate(entries) if not entry[0].keys]
        self.by_key: dict[str, list[int]] = {}
        for index, entry in enumerate(entries):
            for key in entry[0].keys:
                self.by_key.setdefault(key, []).append(index)
        self.platforms = [entry[0].platforms for entry in entries]
        self._keyless_on: dict[str, list[int]] = {}  # platform -> the keyless rules that may fire there

    def candidates(self, present: Mapping[str, object], platform: str = "") -> list[tuple[Rule, str, object]]:
        """The rules that may fire on a config of `platform` whose set keys are `present`, in id order."""
        keyless = self._keyless_on.get(platform)
        if keyless is None:
            keyless = self._keyless_on[platform] = [index for index in self.keyless
                                                    if not self.platforms[index] or platform in self.platforms[index]]
        by_key = self.by_key
        chosen: Optional[set[int]] = None
        if len(present) < len(by_key):
            for key in present:
                indexes = by_key.get(key)
                if indexes:
                    if chosen is None:
                        chosen = set(indexes)
                    else:
                        chosen.update(indexes)
        else:
            for key, indexes in by_key.items():
                if key in present:
                    if chosen is None:
                        chosen = set(indexes)
                    else:
                        chosen.update(indexes)
        entries = self.entries
        if chosen is None:
            return [entries[index] for index in keyless]
        platforms = self.platforms
        chosen.update(keyless)
        return [entries[index] for index in sorted(chosen) if not platforms[index] or platform in platforms[index]]


class _RuleSet(Record):
    parse_error: Optional[tuple[Rule, str]]  # SL001 and its severity, when enabled
    by_kind: dict[str, _KindRules]  # config kind -> its enabled rules
    unused_suppression: Optional[tuple[Rule, str]]  # SL008 and its severity, when enabled
    enabled: tuple[Rule, ...]
    registry: Mapping[str, Rule]
    policies: Mapping[str, PolicyPass]  # config kind -> its enabled team policies, run in one pass (PolicyPass)


def _check_selectors(settings: Settings, rules: Mapping[str, Rule]) -> None:
    """Every rule that `select`, `ignore`, `per-file-ignores` and `[rules.X]` name must exist."""
    named = [("select", selector, False) for selector in settings.select]
    named += [("ignore", selector, False) for selector in settings.ignore]
    named += [(f"per-file-ignores {glob!r}", code, False) for glob, codes in settings.per_file_ignores for code in codes]
    named += [(f"[rules.{key}]", key, True) for key in settings.rules]
    for where, selector, exact in named:
        problem = unknown_selector(selector, rules, exact)
        if problem:
            raise ConfigError(f"{settings.source or 'command line'}: {where}: {problem}")


_NO_OPTIONS = NoOptions()


def option_set(options: object, name: str) -> bool:
    """Whether option `name` is set (not empty); a deferred built-in rule's defaults leave it empty."""
    if options is DEFAULT_OPTIONS:
        return False  # tests/test_rule_index.py: every indexed needs_option is empty by default
    return bool(getattr(options, name, None))


def _options(rule: Rule, configured: dict[str, object], settings: Settings) -> object:
    if rule.options is NoOptions and not configured:
        return _NO_OPTIONS  # without `dataclasses.fields`: most runs never import dataclasses
    if rule.options is DeferredOptions:  # a built-in rule not imported yet (sparklint/rule_index.py)
        if not configured:
            return DEFAULT_OPTIONS  # its check builds the defaults when it first runs
        rule = resolved(rule)
    from dataclasses import fields

    known = {option.name for option in fields(rule.options)}
    unknown = sorted(set(configured) - known)
    if unknown:
        where = settings.source or "configuration"
        raise ConfigError(f"{where}: rule {rule.id} ({rule.name}) has no option {', '.join(unknown)}"
                          + (f"; its options are {', '.join(sorted(known))}" if known else ""))
    try:
        return rule.options(**configured)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{settings.source or 'configuration'}: rule {rule.id} options: {error}") from error


def _finding(rule: Rule, severity: str, hit: Hit, config: JobConfig) -> Finding:
    if hit.severity and SEVERITY_RANK[hit.severity] < SEVERITY_RANK[severity]:
        severity = hit.severity  # the hit is less sure than the rule: a hit may lower, never raise, it
    at = hit.at
    ref: Optional[Ref] = at.ref if hasattr(at, "layer") else at  # a Setting carries a ref
    if ref is None:
        ref = config.ref
    span = ref.span if ref is not None else None
    document: Optional[Document] = ref.document if ref is not None else config.document
    path = document.path if document is not None else config.path
    cell = document.cell if document is not None else None
    key = at.key if isinstance(at, Setting) else _native_key(ref)
    edit = None
    if hit.edit is not None:
        from sparklint.fix.resolve import resolve

        edit = resolve(hit.edit)
    if span is None:
        return Finding(path, 1, 1, rule.id, rule.name, severity, hit.message, hit.fix, cell=cell, key=key, edit=edit)
    return Finding(path, span.line, span.column, rule.id, rule.name, severity, hit.message, hit.fix,
                   span.end_line, span.end_column, cell, key, edit)


def _native_key(ref: Optional[Ref]) -> str:
    """The key a ref's entry is written under (`numExecutors`), "" for list items and fixed spans."""
    container = ref.container if ref is not None else None
    if isinstance(container, Pairs) and ref is not None and 0 <= ref.index < len(container.keys):
        return container.keys[ref.index]
    return ""


def _filter(findings: list[Finding], result: FileResult, rule_set: _RuleSet) -> list[Finding]:
    """Drop per-file ignores and inline suppressions; dedupe (a step repeats its cluster's settings);
    report suppressions that matched nothing (SL008)."""
    own = _suppressions_for(result.path, result) if "sparklint:" in result.text else None
    if own is not None and own.directives:
        _check_directives(own, result.path, rule_set)
    elif not findings:
        return findings
    ignored = result.settings.ignored_codes_for(result.path)
    by_target: dict[int, list[int]] = {}
    for index, directive in enumerate(own.directives if own is not None else ()):
        by_target.setdefault(directive.target, []).append(index)
    used: set[tuple[int, str]] = set()
    kept: dict[tuple, Finding] = {}
    linked: dict[str, Suppressions] = {}
    for finding in findings:
        rule_like = _RuleName(finding.rule, finding.name)
        if any(matches(rule_like, selector) for selector in ignored):
            continue
        if finding.path != result.path:
            # Silenced where it is written (a DAG's SparkApplication file), as that file's own lint is.
            selectors = _linked_suppressions(finding.path, result, linked).selectors_for(finding.line)
            if any(matches(rule_like, selector) for selector in selectors):
                continue
        if finding.path == result.path and by_target:
            covering = [(index, selector) for index in by_target.get(0, []) + by_target.get(finding.line, [])
                        for selector in own.directives[index].selectors if matches(rule_like, selector)]  # type: ignore[union-attr]
            if covering:
                used.update(covering)
                continue
        kept.setdefault((finding.path, finding.line, finding.column, finding.rule, finding.message), finding)
    if by_target and rule_set.unused_suppression is not None:
        rule, severity = rule_set.unused_suppression
        if not any(matches(rule, selector) for selector in ignored):
            for finding in _unused(own, used, rule, severity, result.path, rule_set.enabled):  # type: ignore[arg-type]
                kept.setdefault((finding.path, finding.line, finding.column, finding.rule, finding.message), finding)
    return list(kept.values())


def _check_directives(suppressions: Suppressions, path: str, rule_set: _RuleSet) -> None:
    """An inline `disable=` that names no rule is a mistake, as in `--select` (exit 2)."""
    for directive in suppressions.directives:
        for selector in directive.selectors:
            problem = unknown_selector(selector, rule_set.registry)
            if problem:
                raise ConfigError(f"{path}:{directive.line}: sparklint: disable={selector}: {problem}")


def _unused(suppressions: Suppressions, used: set[tuple[int, str]], rule: Rule, severity: str, path: str,
            enabled: tuple[Rule, ...]) -> Iterable[Finding]:
    for index, directive in enumerate(suppressions.directives):
        for selector in directive.selectors:
            if (index, selector) in used or not any(matches(other, selector) for other in enabled):
                continue  # used, or it names only rules this run does not check (another config may)
            named = "no rule reports a finding" if selector == "ALL" else f"{selector} reports no finding"
            where = "in this file" if directive.target == 0 else f"on line {directive.target}"
            label = "disable-file" if directive.target == 0 else "disable"
            label += "" if selector == "ALL" else f"={selector}"
            message = (f"{label} silences nothing: {named} {where}, and a stale "
                       f"suppression would hide the next real problem there")
            fix = (f"Remove {selector} from the directive." if len(directive.selectors) > 1
                   else "Delete the directive.")
            yield Finding(path, directive.line, directive.column, rule.id, rule.name, severity, message, fix,
                          directive.line, directive.end_column, key=label)


def _masked(findings: list[Finding], result: FileResult) -> list[Finding]:
    """Findings as output may print them: the file's secrets masked, control characters escaped. The key
    too: the baseline file records it, and a credential may be pasted into a key."""
    if not findings:
        return findings
    masker = Masker.of(result.text, result.configs)
    return [finding._replace(message=masker.show(finding.message), fix=masker.show(finding.fix),
                             key=masker.show(finding.key))
            for finding in findings]


class _RuleName(Record):
    id: str
    name: str


def _suppressions_for(path: str, result: FileResult) -> Suppressions:
    if path != result.path:
        return Suppressions()  # a finding in another file (an application's runtimeConfiguration)
    syntax = result.configs[0].document.syntax if result.configs and result.configs[0].document else ""
    return parse_suppressions(result.text, syntax)


def _linked_suppressions(path: str, result: FileResult, found: dict[str, Suppressions]) -> Suppressions:
    """The inline suppressions of another file a config of `result` was read from (a linked SparkApplication)."""
    suppressions = found.get(path)
    if suppressions is None:
        document = next((config.document for config in result.configs
                         if config.document is not None and config.document.path == path), None)
        suppressions = found[path] = parse_suppressions(document.text, document.syntax) if document is not None \
            else Suppressions()
    return suppressions


def _share_glue_session(configs: list[JobConfig]) -> None:
    """The code cells of a Glue interactive-session notebook run in the session its magics create
    (sparklint.load.glue_notebook): their SparkSession / SparkConf code is judged on Glue, by that
    session's Glue version, unless it names its own master."""
    session = next((config for config in configs if config.dialect == "glue-job" and config.document is not None
                    and config.document.syntax == "notebook"), None)
    if session is None:
        return
    for config in configs:
        document = config.document
        if config is session or document is None or document.syntax != "python" or config.platform_source \
                or config.effective("spark.master") is not None:
            continue
        config.platform, config.platform_source = session.platform, "the notebook's Glue interactive session"
        if config.declared_version is None:
            config.declared_version = session.declared_version


_SYNTAX_NAMES = {"json": "JSON", "yaml": "YAML", "properties": "a properties file", "notebook": "a notebook",
                 "hcl": "Terraform", "python": "Python"}


def _unreported_failure(syntax: str, spark_like: bool, text: str, errors: list[LoadError]) -> Optional[str]:
    """Why a file that did not parse, and gave no configuration, is skipped rather than reported: it
    names nothing of Spark (a JSON-with-comments schema), or every error is one a subset reader gives
    (a Python 2 script, Terraform past what sparklint reads); None when it is an SL001 finding."""
    if spark_like and any(error.certain for error in errors):
        return None
    what = _SYNTAX_NAMES.get(syntax, syntax)
    if not spark_like:
        span = errors[0].span
        where = f" (line {span.line}, column {span.column})" if span else ""
        return f"{what} that does not parse{where} and names nothing of Spark; not read"
    return f"{Masker.of(text, []).show(errors[0].message.split(';')[0])}; nothing read"


def _looks_like_spark(path: str, text: str) -> bool:
    """A file we could not parse is reported only when it looks like a Spark config (the hook runs on
    every JSON/YAML file of a repository, and a broken tsconfig.json is not our business)."""
    name = os.path.basename(path).lower()
    if name.startswith("spark-defaults") or name.endswith((".conf", ".properties")):
        return True
    return any(hint in text for hint in _SPARK_HINTS) or _SPARK_MARKS.search(text) is not None


def _matching_application(job: JobConfig, applications: list[JobConfig],
                          by_name: dict[str, JobConfig]) -> Optional[JobConfig]:
    """The application a job runs on: the first one named like the job's applicationId, else the only one."""
    named = by_name.get(job.application_id) if job.application_id else None
    if named is not None:
        return named
    return applications[0] if len(applications) == 1 else None


def _configured_capacity(configured: Mapping[str, str], settings: Settings) -> Capacity:
    """[emr-serverless.maximum-capacity] of the sparklint configuration (validated by its schema)."""
    return emr_serverless.capacity(configured.get, str(settings.source) if settings.source else
                                   "sparklint configuration", "[emr-serverless.maximum-capacity]")


def fails(finding: Finding, settings: Settings) -> bool:
    return SEVERITY_RANK.get(finding.severity, 0) >= SEVERITY_RANK.get(settings.fail_on, 1)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda finding: (finding.path, finding.line, finding.column, finding.rule))
