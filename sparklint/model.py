"""JobConfig: the one model every rule sees.

A dialect turns a Document into JobConfigs. Each `Setting` is a canonical `spark.*` key with the value
as a string (as Spark would receive it), where it was written (`Ref`), the native field that produced
it, and the `Layer` it belongs to. Layers carry a rank: a higher rank wins, and within one layer the
last setting wins (java.util.Properties, spark-submit's `--conf` HashMap, JSON/YAML maps).
"""

from __future__ import annotations

from typing import Any, Callable, Hashable, NamedTuple, Optional, TypeVar

T = TypeVar("T")

from sparklint.span import Span
from sparklint.tree import Document, Ref

PLATFORMS = (
    "emr-serverless", "emr", "yarn", "kubernetes", "standalone", "local", "databricks", "glue", "synapse", "fabric",
    "dataproc", "dataproc-serverless", "generic")


class Layer(NamedTuple):
    """A source of settings with a precedence rank (higher wins) and a human description."""

    name: str
    rank: int
    description: str = ""


# Ranks shared by the dialects (higher wins). A typed field (spark-submit `--executor-memory`, Livy
# `executorMemory`, SparkApplication `spec.executor.memory`) beats `--conf`/`conf`/`sparkConf`;
# those beat a spark-defaults layer (file or classification), which beats the EMR Serverless
# application's runtimeConfiguration, then operator and platform defaults.
RANK_TYPED = 60
RANK_CONF = 50
RANK_DEFAULTS = 40
RANK_APPLICATION = 30
RANK_OPERATOR_DEFAULT = 20
RANK_PLATFORM_DEFAULT = 10

PLATFORM_DEFAULT = Layer("platform-default", RANK_PLATFORM_DEFAULT, "platform default")


class Setting:
    """One `spark.*` setting as written somewhere (or supplied by a default layer).

    A plain slotted class, not a dataclass: a lint run creates hundreds of thousands of these (a
    million-entry spark-defaults.conf, a million). `raw_key` and `citation` are rarely set: a setting
    with either is a `_DetailedSetting`, with two more slots; the others read the class's "".
    """

    __slots__ = ("key", "value", "layer", "ref", "field", "path")
    raw_key = ""  # the key as written, when it differs from `key` (e.g. Livy's `numExecutors`)
    citation = ""  # for default layers: where the default is documented

    def __new__(cls, key: str, value: str, layer: Layer, ref: Optional[Ref] = None, field: str = "",
                raw_key: str = "", path: str = "", citation: str = "") -> Setting:
        if raw_key or citation:
            setting: Setting = object.__new__(_DetailedSetting if cls is Setting else cls)
            setting.raw_key, setting.citation = raw_key, citation  # type: ignore[misc]
        else:
            setting = object.__new__(cls)
        setting.key = key
        setting.value = value
        setting.layer = layer
        setting.ref = ref  # None for defaults
        setting.field = field  # the native field that produced it, e.g. "spec.executor.instances"
        setting.path = path  # file it came from ("" for defaults)
        return setting

    def __repr__(self) -> str:
        return f"Setting({self.key!r}, {self.value!r}, layer={self.layer.name!r}, field={self.field!r})"

    @property
    def span(self) -> Span | None:
        return self.ref.span if self.ref is not None else None

    @property
    def document(self) -> Document | None:
        return self.ref.document if self.ref is not None else None

    def describe(self) -> str:
        """Where this value came from, for messages: `job.json:12:5 (--conf in sparkSubmitParameters)`."""
        if self.ref is None:
            return self.citation or self.layer.description or self.layer.name
        span = self.span
        location = f"{self.path}:{span.line}" if span is not None else self.path
        return f"{location} ({self.field})" if self.field else location


class _DetailedSetting(Setting):
    """A setting with a `raw_key` or a `citation` (see `Setting`)."""

    __slots__ = ("raw_key", "citation")


def source_of(setting: Optional[Setting], note: str) -> str:
    """Where a value came from, for messages: the setting's file:line (looked up only when a message
    needs it: a file's positions are worked out only for files with findings), or `note` for defaults.
    In `note`, "{where}" stands for the setting's place."""
    if setting is not None and (not note or "{where}" in note):
        where = setting.describe()
        return note.replace("{where}", where) if note else where
    return note


# The `source` of a (value, setting, note) record (memory's Quantity and Factor, executors' Count and Flag):
# each says `source = SOURCE` in its class body.
SOURCE = property(lambda record: source_of(record.setting, record.note),
                  doc="Where the value came from, for messages (see source_of).")


class Capacity(NamedTuple):
    """An EMR Serverless application's maximumCapacity (bytes for memory and disk)."""

    cpu: Optional[int] = None  # vCPU
    memory: Optional[int] = None  # bytes
    disk: Optional[int] = None  # bytes
    source: str = ""  # the file it was read from, or the sparklint config file
    field: str = ""  # "maximumCapacity", "[emr-serverless.maximum-capacity]"
    ref: Optional[Ref] = None

    def describe(self) -> str:
        """`app.json:14 (maximumCapacity)`: where the cap was written."""
        span = self.ref.span if self.ref is not None else None
        location = f"{self.source}:{span.line}" if span is not None else self.source
        return f"{location} ({self.field})" if self.field else location


class WorkerConfig(NamedTuple):
    """One initialCapacity entry of an EMR Serverless application."""

    worker_type: str  # "DRIVER" / "EXECUTOR" / ...
    count: int
    cpu: Optional[int]
    memory: Optional[int]  # bytes
    disk: Optional[int]  # bytes
    ref: Optional[Ref] = None


class DeclaredVersion(NamedTuple):
    """The Spark version a file declares: a Spark version (`spec.sparkVersion: "4.2.0"`) or a platform
    version that stands for one (`releaseLabel: emr-6.9.0`, Glue `4.0`), mapped by knowledge.versions."""

    text: str  # as written: "4.2.0", "emr-6.9.0", "4.0"
    field: str  # the native field: "spec.sparkVersion", "releaseLabel", "GlueVersion"
    ref: Optional[Ref]
    spark: str  # the Spark version it stands for ("3.3.0"); "" when the platform's table lacks it
    citation: str = ""  # where a platform version's Spark comes from; "" for a Spark version as written
    path: str = ""  # the file it was written in (an application gives its release label to its jobs)

    def describe(self) -> str:
        """`releaseLabel emr-6.9.0 at app.json:3 (Spark 3.3.0, EMR Serverless release notes)`."""
        span = self.ref.span if self.ref is not None else None
        where = f"{self.path}:{span.line}" if span is not None else self.path
        mapped = f" (Spark {self.spark}, {self.citation})" if self.citation and self.spark else ""
        return f"{self.field} {self.text} at {where}{mapped}" if where else f"{self.field} {self.text}{mapped}"


class SparkVersionChoice(NamedTuple):
    """The Spark version a config is judged by (a catalog version), where it came from, and why."""

    version: str  # the catalog version the rules use ("3.3")
    origin: str  # "file", "--spark-version", "config", "default"
    declared: Optional[DeclaredVersion] = None  # what the file declares, whether or not it won
    config_file: str = ""  # the sparklint config that set it (origin "config")
    note: str = ""  # why `version` is not simply the declared or asked-for version

    def describe(self) -> str:
        """Where the version came from, for explain and notes (positions are looked up only here)."""
        if self.origin == "file" and self.declared is not None:
            return self.declared.describe()
        if self.origin == "--spark-version":
            return "--spark-version"
        if self.origin == "config":
            return f"spark-version in {self.config_file}" if self.config_file else "sparklint configuration"
        return "sparklint's default (the file declares none)"


class JobConfig:
    """A job, session or application found in a file, with all its settings and their layers.

    A plain class, not a dataclass: importing `dataclasses` (and the `inspect`, `ast` and `dis` behind
    it) was a tenth of a one-file run. Compared by identity.
    """

    def __init__(
        self,
        path: str,
        kind: str,  # "job" | "session" | "application" | "defaults"
        dialect: str,  # the dialect that recognised it, e.g. "emr-serverless-job"
        platform: str = "generic",
        platform_source: str = "",  # why this platform: "dialect", "config", "--platform", "spark.master"
        spark_version: str = "3.5",  # the catalog version rules judge by (see spark_version_choice)
        # What the file declares (set by the dialect), and how the engine chose spark_version from it.
        declared_version: Optional[DeclaredVersion] = None,
        spark_version_choice: Optional[SparkVersionChoice] = None,
        name: str = "",  # job / application name, for messages
        settings: Optional[list[Setting]] = None,
        document: Optional[Document] = None,
        ref: Optional[Ref] = None,  # the position to report document-level findings at
        capacity: Optional[Capacity] = None,
        application_id: str = "",  # EMR Serverless: the application this job runs on (when written)
        initial_capacity: Optional[list[WorkerConfig]] = None,  # applications only
        is_python: Optional[bool] = None,  # a PySpark application, when known
        # Keys Spark drops (no `spark.` prefix where only spark.* keys are applied), kept for rules to report.
        dropped: Optional[list[Setting]] = None,
        # Problems found while reading native fields (e.g. a `--conf` without `=`): (message, ref).
        problems: Optional[list[tuple[str, Optional[Ref]]]] = None,
        # The command line that launches this job, when it was read from one (dialects/command_line.Launch).
        launch: Optional[Any] = None,
        # Environment variables handed to Spark's processes (docker-compose `environment:`), as Settings
        # keyed by the variable name; rules about secrets read them.
        environment: Optional[list[Setting]] = None,
        # Databricks: the cluster's size, node type and tasks (knowledge/databricks.DatabricksCluster).
        databricks: Optional[Any] = None,
        # Standalone: the worker services of the compose file this job is submitted from, when every one
        # of them names its Master (knowledge/standalone.StandaloneWorker).
        standalone_workers: Optional[list] = None,
        # Azure Synapse: the Spark pool's node size and count (knowledge/synapse.SparkPool).
        synapse: Optional[Any] = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.dialect = dialect
        self.platform = platform
        self.platform_source = platform_source
        self.spark_version = spark_version
        self.declared_version = declared_version
        self.spark_version_choice = spark_version_choice
        self.name = name
        self.settings: list[Setting] = [] if settings is None else settings
        self.document = document
        self.ref = ref
        self.capacity = capacity
        self.application_id = application_id
        self.initial_capacity: list[WorkerConfig] = [] if initial_capacity is None else initial_capacity
        self.is_python = is_python
        self.dropped: list[Setting] = [] if dropped is None else dropped
        self.problems: list[tuple[str, Optional[Ref]]] = [] if problems is None else problems
        self.launch = launch
        self.environment: list[Setting] = [] if environment is None else environment
        self.databricks = databricks
        self.standalone_workers: list = [] if standalone_workers is None else standalone_workers
        self.synapse = synapse
        # key -> winning setting, rebuilt when settings change (`settings` may be extended directly).
        self._winners: Optional[dict[str, Setting]] = None
        self._indexed = -1
        self._written: list[Setting] = []
        self._written_at = -1
        self._memo: dict[Hashable, tuple[int, Any]] = {}

    def __repr__(self) -> str:
        return (f"JobConfig(path={self.path!r}, kind={self.kind!r}, dialect={self.dialect!r}, "
                f"platform={self.platform!r}, settings={len(self.settings)})")

    def memo(self, name: Hashable, compute: Callable[..., T], *arguments: object) -> T:
        """`compute(self, *arguments)` once per config while its settings stay the same: several rules
        ask the knowledge layer the same question (dynamic allocation, memory) about one config."""
        stamp = len(self.settings)
        memo_key = (name, arguments) if arguments else name
        cached = self._memo.get(memo_key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        value = compute(self, *arguments)
        self._memo[memo_key] = (stamp, value)
        return value

    def add(self, setting: Setting) -> None:
        """Add a setting; a key without the `spark.` prefix goes to `dropped` (Spark ignores it)."""
        if not setting.path and setting.ref is not None:
            setting.path = self.path
        if setting.key.startswith("spark."):
            self.settings.append(setting)
        else:
            self.dropped.append(setting)

    def all(self, key: str) -> list[Setting]:
        """Every setting of `key`, lowest precedence first (the winner is last)."""
        found = [setting for setting in self.settings if setting.key == key]
        # Stable sort: within a layer, file order is kept, so the last written stays last.
        found.sort(key=lambda setting: setting.layer.rank)
        return found

    def effective(self, key: str) -> Setting | None:
        """The setting Spark will use for `key`: the highest layer, the last within it."""
        winners = self._winners
        if winners is None or self._indexed != len(self.settings):
            winners = self.winners()
        return winners.get(key)

    def winners(self) -> dict[str, Setting]:
        """key -> the setting Spark will use (see `effective`); do not modify the returned dict."""
        winners = self._winners
        if winners is not None and self._indexed == len(self.settings):
            return winners
        winners = {}
        for setting in self.settings:
            best = winners.get(setting.key)
            if best is None or setting.layer.rank >= best.layer.rank:
                winners[setting.key] = setting
        self._winners, self._indexed = winners, len(self.settings)
        return winners

    def value(self, key: str) -> str | None:
        setting = self.effective(key)
        return setting.value if setting is not None else None

    def written(self) -> list[Setting]:
        """Settings written in the file (not supplied by a default layer), in order; do not modify the
        returned list (it is kept while the settings stay the same: most rules walk it)."""
        if self._written_at != len(self.settings):
            self._written = [setting for setting in self.settings if setting.ref is not None]
            self._written_at = len(self.settings)
        return self._written

    def keys(self) -> list[str]:
        seen: dict[str, None] = {}
        for setting in self.settings:
            seen.setdefault(setting.key, None)
        return list(seen)
