"""Databricks cluster specs wherever they are written: one JobConfig per cluster, on the databricks platform.

Shapes (recognised by their fields; a cheap text test first, so ordinary JSON/YAML costs nothing):
- Clusters API bodies (`clusters/create`, `clusters/get` output, a UI "JSON" export): a map with
  `spark_version` and a cluster field (`node_type_id`, `num_workers`, `autoscale`, `spark_conf`, ...);
  `{"clusters": [...]}` (`clusters/list` output).
- Jobs API 2.0 (`new_cluster` beside `spark_jar_task` / `spark_submit_task` / ...) and 2.1
  (`job_clusters[].new_cluster`, `tasks[].new_cluster`, `tasks[].job_cluster_key`), also wrapped as
  `{"settings": {...}}` (`jobs/get`) or `{"jobs": [...]}`; `runs/submit` bodies have the same shape.
- Asset Bundles (`databricks.yml` and the resource files it includes): `resources.jobs.<name>`,
  `resources.clusters.<name>`, `resources.pipelines.<name>.clusters[]`, and `targets.<target>.resources`
  (also the older `environments.<target>`), whose job clusters are merged over the top-level job's by
  `job_cluster_key` and whose maps are merged key by key, as the bundle's target override does
  (docs.databricks.com/dev-tools/bundles/settings, "targets"). `${var.x}` stays a template.
- dbx deployment files (`conf/deployment.json` / `.yml`): `{<environment>: {"jobs" | "workflows": [...]}}`,
  or `environments: {<environment>: {workflows: [...]}}` (databrickslabs/dbx docs, deployment file reference).
- Terraform (`recognise_terraform`): `databricks_cluster` (the cluster spec as attributes and blocks) and
  `databricks_job` (`new_cluster {}`, repeated `job_cluster { job_cluster_key, new_cluster {} }` and
  `task { new_cluster {} | job_cluster_key, spark_submit_task { parameters } }` blocks)
  (databricks/terraform-provider-databricks `docs/resources/cluster.md`, `docs/resources/job.md`).

Each cluster gives: `spark_conf` entries (Spark properties, applied like a spark-defaults layer),
`spark_env_vars` (environment variables; a literal credential there is SL601), `spark_version` (the
runtime, mapped to its Spark version by knowledge.versions), `num_workers` / `autoscale` (the executors:
knowledge.databricks), and the `spark_submit_task.parameters` of a task that runs on it (a spark-submit
command line: its options beat `--conf`, which beats `spark_conf`).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.dialects.common import add_map, add_submit_words, mentions_any, spark_string
from sparklint.knowledge.databricks import SUBMIT_LAYERS, ClusterSize, DatabricksCluster, worker_count
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_CONF, RANK_DEFAULTS, RANK_TYPED, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref, Value

SPARK_CONF = Layer("databricks-spark-conf", RANK_DEFAULTS, "Databricks spark_conf")
ENVIRONMENT = Layer("databricks-spark-env-vars", RANK_DEFAULTS, "Databricks spark_env_vars")
SUBMIT_FLAG = Layer(SUBMIT_LAYERS[0], RANK_TYPED, "option in spark_submit_task.parameters")
SUBMIT_CONF = Layer(SUBMIT_LAYERS[1], RANK_CONF, "--conf in spark_submit_task.parameters")

# A cluster spec has `spark_version` and at least one of these (Clusters API ClusterSpec fields).
_CLUSTER_FIELDS = ("node_type_id", "num_workers", "autoscale", "spark_conf", "cluster_name", "instance_pool_id",
                   "driver_node_type_id", "spark_env_vars", "policy_id", "driver_instance_pool_id")
_MARKERS = ("spark_version", "new_cluster", "spark_conf", "job_clusters")
_PYTHON_TASKS = ("spark_python_task", "python_wheel_task")
_JVM_TASKS = ("spark_jar_task",)


def recognise(document: Document) -> Optional[list[JobConfig]]:
    """Clusters / Jobs API JSON, Asset Bundle and dbx deployment files (JSON or YAML)."""
    root = document.root
    if not isinstance(root, Pairs) or document.syntax not in ("json", "yaml"):
        return None
    text = document.text
    if not mentions_any(text, _MARKERS):
        return None
    reader = _Reader(document)
    reader.top(root)
    return reader.configs if reader.claimed else None


def recognise_terraform(document: Document) -> Optional[list[JobConfig]]:
    """`databricks_cluster` and `databricks_job` resources of a .tf file."""
    if document.syntax != "hcl" or not isinstance(document.root, Pairs) or "databricks_" not in document.text:
        return None
    from sparklint.dialects.terraform import resources

    reader = _Reader(document)
    for name, body in resources(document, "databricks_cluster"):
        reader.cluster(body, f"databricks_cluster.{name}.", _name(body, "cluster_name", name), "defaults",
                       "terraform-databricks-cluster")
    for name, body in resources(document, "databricks_job"):
        reader.job(body, f"databricks_job.{name}.", _name(body, "name", name), "terraform-databricks-job")
    return reader.configs or None


def _name(body: Pairs, field: str, default: str) -> str:
    value = body.get(field)
    return value if isinstance(value, str) and value and "${" not in value else default


def _each(body: Pairs, listed: str, block: str) -> Iterator[tuple[Pairs, str]]:
    """(item, field) of a JSON/YAML list `listed` (`tasks`) or of HCL's repeated `block` (`task`) blocks."""
    for index, key in enumerate(body.keys):
        value = body.values[index]
        if key == listed and isinstance(value, list):
            for position, item in enumerate(value):
                if isinstance(item, Pairs):
                    yield item, f"{listed}[{position}]"
        elif key == block and isinstance(value, Pairs):
            yield value, block


class _Reader:
    """Walks one document, making one JobConfig per cluster spec found."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.configs: list[JobConfig] = []
        self.claimed = False  # the document has a Databricks shape (even one without Spark settings)

    # Shapes --------------------------------------------------------------------------------------

    def top(self, root: Pairs) -> None:
        if _is_cluster_spec(root):
            self.cluster(root, "", _name(root, "cluster_name", ""), "defaults", "databricks-cluster")
            return
        if _is_job(root):
            self.job(root, "", _name(root, "name", ""), "databricks-job")
            return
        settings = root.get("settings")
        if isinstance(settings, Pairs) and _is_job(settings):
            self.job(settings, "settings.", _name(settings, "name", ""), "databricks-job")
            return
        for listed, reader in (("clusters", self._listed_cluster), ("jobs", self._listed_job)):
            items = root.get(listed)
            if isinstance(items, list):
                for position, item in enumerate(items):
                    if isinstance(item, Pairs):
                        reader(item, f"{listed}[{position}].")
        resources = root.get("resources")
        if isinstance(resources, Pairs):
            self.resources(resources, "resources.", None)
        for section in ("targets", "environments"):
            targets = root.get(section)
            if not isinstance(targets, Pairs):
                continue
            for target, body in targets.items():
                if not isinstance(body, Pairs):
                    continue
                overrides = body.get("resources")
                if isinstance(overrides, Pairs):
                    self.resources(overrides, f"{section}.{target}.resources.",
                                   resources if isinstance(resources, Pairs) else None, target)
                self._dbx_environment(body, f"{section}.{target}.")
        if not self.claimed:
            # dbx deployment.json: {"default": {"jobs": [...]}, "aws": {"workflows": [...]}}
            for environment, body in root.items():
                if isinstance(body, Pairs):
                    self._dbx_environment(body, f"{environment}.")

    def _listed_cluster(self, item: Pairs, prefix: str) -> None:
        if _is_cluster_spec(item):
            self.cluster(item, prefix, _name(item, "cluster_name", ""), "defaults", "databricks-cluster")

    def _listed_job(self, item: Pairs, prefix: str) -> None:
        settings = item.get("settings")
        if isinstance(settings, Pairs) and _is_job(settings):
            self.job(settings, f"{prefix}settings.", _name(settings, "name", ""), "databricks-job")
        elif _is_job(item):
            self.job(item, prefix, _name(item, "name", ""), "dbx-deployment")

    def _dbx_environment(self, body: Pairs, prefix: str) -> None:
        for listed in ("workflows", "jobs"):
            items = body.get(listed)
            if not isinstance(items, list):
                continue
            for position, item in enumerate(items):
                if isinstance(item, Pairs) and _is_job(item):
                    self.job(item, f"{prefix}{listed}[{position}].", _name(item, "name", ""), "dbx-deployment")

    def resources(self, resources: Pairs, prefix: str, base: Optional[Pairs], target: str = "") -> None:
        """An Asset Bundle's `resources` (top level, or a target's overrides merged over `base`)."""
        label = f"{target}: " if target else ""
        jobs = resources.get("jobs")
        base_jobs = base.get("jobs") if isinstance(base, Pairs) else None
        for name, body in (jobs.items() if isinstance(jobs, Pairs) else ()):
            if isinstance(body, Pairs):
                base_job = base_jobs.get(name) if isinstance(base_jobs, Pairs) else None
                self.job(body, f"{prefix}jobs.{name}.", label + _name(body, "name", name), "databricks-bundle",
                         base_job if isinstance(base_job, Pairs) else None)
        clusters = resources.get("clusters")
        base_clusters = base.get("clusters") if isinstance(base, Pairs) else None
        for name, body in (clusters.items() if isinstance(clusters, Pairs) else ()):
            if isinstance(body, Pairs):
                base_cluster = base_clusters.get(name) if isinstance(base_clusters, Pairs) else None
                self.cluster(body, f"{prefix}clusters.{name}.", label + _name(body, "cluster_name", name),
                             "defaults", "databricks-bundle", base_cluster if isinstance(base_cluster, Pairs) else None)
        pipelines = resources.get("pipelines")
        for name, body in (pipelines.items() if isinstance(pipelines, Pairs) else ()):
            if isinstance(body, Pairs):
                for cluster, field in _each(body, "clusters", "cluster"):
                    self.cluster(cluster, f"{prefix}pipelines.{name}.{field}.", label + name, "job",
                                 "databricks-bundle")

    def job(self, body: Pairs, prefix: str, name: str, dialect: str, base: Optional[Pairs] = None) -> None:
        """One job's clusters (Jobs 2.0 `new_cluster`, 2.1 `job_clusters` and per-task `new_cluster`), and
        the spark-submit parameters of its tasks added to the cluster each runs on."""
        self.claimed = True
        by_key: dict[str, JobConfig] = {}
        base_clusters: dict[str, Pairs] = {}
        if base is not None:
            for item, _ in _each(base, "job_clusters", "job_cluster"):
                key, spec = item.get("job_cluster_key"), item.get("new_cluster")
                if isinstance(key, str) and isinstance(spec, Pairs):
                    base_clusters[key] = spec
        job_config: Optional[JobConfig] = None
        new_cluster = body.get("new_cluster")
        if isinstance(new_cluster, Pairs):  # Jobs 2.0, dbx, runs/submit
            job_config = self.cluster(new_cluster, f"{prefix}new_cluster.", name, "job", dialect)
            self._task(job_config, body, prefix)
        for item, field in _each(body, "job_clusters", "job_cluster"):
            key, spec = item.get("job_cluster_key"), item.get("new_cluster")
            if isinstance(spec, Pairs):
                label = f"{name} [{key}]" if isinstance(key, str) else name
                config = self.cluster(spec, f"{prefix}{field}.new_cluster.", label, "job", dialect,
                                      base_clusters.get(key) if isinstance(key, str) else None)
                if isinstance(key, str):
                    by_key[key] = config
        for task, field in _each(body, "tasks", "task"):
            spec = task.get("new_cluster")
            key = task.get("task_key")
            if isinstance(spec, Pairs):
                label = f"{name} [{key}]" if isinstance(key, str) else name
                config: Optional[JobConfig] = self.cluster(spec, f"{prefix}{field}.new_cluster.", label, "job",
                                                           dialect)
            else:
                cluster_key = task.get("job_cluster_key")
                config = by_key.get(cluster_key) if isinstance(cluster_key, str) else None
                if config is None and base is not None and isinstance(cluster_key, str) \
                        and cluster_key in base_clusters and _is_submit_task(task):
                    # A target's task on a job cluster only the top-level job defines.
                    config = self.cluster(base_clusters[cluster_key], f"{prefix}{field}.", f"{name} [{cluster_key}]",
                                          "job", dialect)
            if config is not None:
                self._task(config, task, f"{prefix}{field}.")

    def _task(self, config: JobConfig, task: Pairs, prefix: str) -> None:
        if any(kind in task for kind in _PYTHON_TASKS):
            config.is_python = True
        elif any(kind in task for kind in _JVM_TASKS) and config.is_python is None:
            config.is_python = False
        submit = task.get("spark_submit_task")
        if not isinstance(submit, Pairs):
            return
        parameters = submit.get("parameters")
        if isinstance(parameters, list) and all(isinstance(item, str) for item in parameters):
            add_submit_words(config, self.document, parameters, None, parameters, SUBMIT_FLAG, SUBMIT_CONF,
                             f"{prefix}spark_submit_task.parameters")
            if config.databricks is not None:
                config.databricks = config.databricks._replace(submit=True)

    def cluster(self, spec: Pairs, prefix: str, name: str, kind: str, dialect: str,
                base: Optional[Pairs] = None) -> JobConfig:
        """One cluster spec (merged over `base`, a bundle target's override of it)."""
        self.claimed = True
        document = self.document
        config = JobConfig(document.path, kind, dialect, platform="databricks",
                           platform_source="Databricks cluster spec", document=document, name=name,
                           ref=Ref(document, spec, 0, on_key=True) if len(spec) else None)
        version_body = spec if "spark_version" in spec else base
        if isinstance(version_body, Pairs):
            index = version_body.positions.get("spark_version", -1)
            if index >= 0:
                field = prefix + "spark_version" if version_body is spec else "spark_version (top-level job)"
                config.declared_version = declared(version_body.values[index], field,
                                                   Ref(document, version_body, index), document.path, "databricks")
        for field, layer in (("spark_conf", SPARK_CONF), ("spark_env_vars", ENVIRONMENT)):
            for pairs, where in _merged(document, spec, base, field, prefix):
                if layer is SPARK_CONF:
                    add_map(config, document, pairs, layer, where)
                else:
                    _add_environment(config, document, pairs, where)
        config.databricks = _size(document, spec if _has_size(spec) or base is None else base, prefix)
        if _is_single_node(config) or spec.get("is_single_node") is True:
            config.databricks = config.databricks._replace(single_node=True)
        self.configs.append(config)
        return config


def _merged(document: Document, spec: Pairs, base: Optional[Pairs], field: str,
            prefix: str) -> list[tuple[Pairs, str]]:
    """The map `field` of `spec`, and the entries of `base`'s that `spec` does not set (a target
    override merges maps key by key), each as its own Pairs of the entries kept."""
    own = spec.get(field)
    found = []
    if isinstance(base, Pairs):
        inherited = base.get(field)
        if isinstance(inherited, Pairs):
            kept = inherited if not isinstance(own, Pairs) else _without(document, inherited, own)
            if len(kept):
                found.append((kept, f"{field} (top-level job)"))
    if isinstance(own, Pairs):
        found.append((own, prefix + field))
    return found


def _without(document: Document, pairs: Pairs, other: Pairs) -> Pairs:
    """`pairs` without the keys `other` sets, each entry keeping its position in the file."""
    keep = [index for index, key in enumerate(pairs.keys) if key not in other]
    if len(keep) == len(pairs):
        return pairs
    spans = document.entry_spans(pairs) or []
    kept = Pairs([(pairs.keys[index], pairs.values[index]) for index in keep])
    document.spans[id(kept)] = [spans[index] for index in keep if index < len(spans)]
    return kept


def _add_environment(config: JobConfig, document: Document, pairs: Pairs, field: str) -> None:
    for index, key, value in pairs.entries():
        text = spark_string(value)
        if text is not None:
            config.environment.append(Setting(key, text, ENVIRONMENT, Ref(document, pairs, index), field,
                                              path=config.path))


def _has_size(spec: Pairs) -> bool:
    return "num_workers" in spec or "autoscale" in spec


def _size(document: Document, spec: Pairs, prefix: str) -> DatabricksCluster:
    index = spec.positions.get("autoscale", -1)
    autoscale = spec.values[index] if index >= 0 else None
    if isinstance(autoscale, Pairs):
        size = ClusterSize(None, worker_count(autoscale.get("min_workers")), worker_count(autoscale.get("max_workers")),
                           True, prefix + "autoscale", Ref(document, spec, index, on_key=True), document.path)
    else:
        index = spec.positions.get("num_workers", -1)
        size = ClusterSize(worker_count(spec.values[index]) if index >= 0 else None, None, None, False,
                           prefix + "num_workers", Ref(document, spec, index) if index >= 0 else None, document.path)
    node = spec.get("node_type_id")
    return DatabricksCluster(size, node if isinstance(node, str) else "")


def _is_single_node(config: JobConfig) -> bool:
    """The single-node layout: the singleNode profile, or a local master on a cluster of 0 workers."""
    if (config.value("spark.databricks.cluster.profile") or "").strip() == "singleNode":
        return True
    size = config.databricks.size if config.databricks is not None else None
    return (config.value("spark.master") or "").startswith("local") and size is not None and size.num_workers == 0


def _is_cluster_spec(body: Pairs) -> bool:
    return "spark_version" in body and any(field in body for field in _CLUSTER_FIELDS)


def _is_job(body: Value) -> bool:
    if not isinstance(body, Pairs):
        return False
    if isinstance(body.get("new_cluster"), Pairs):
        return True
    tasks = body.get("tasks")
    if isinstance(tasks, list) and any(isinstance(task, Pairs) and "task_key" in task for task in tasks):
        return True
    clusters = body.get("job_clusters")
    return isinstance(clusters, list) and any(isinstance(item, Pairs) and "new_cluster" in item for item in clusters)


def _is_submit_task(task: Pairs) -> bool:
    return isinstance(task.get("spark_submit_task"), Pairs)
