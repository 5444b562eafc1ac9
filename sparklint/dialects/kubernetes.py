"""Kubernetes `SparkApplication` / `ScheduledSparkApplication` of the Spark operator (sparkoperator.k8s.io).

Source: kubeflow/spark-operator `api/v1beta2/sparkapplication_types.go`, `api/v1beta2/defaults.go`,
`internal/controller/sparkapplication/submission.go` (shared/reference/platforms.md §4):
- the operator passes `spec.sparkConf` as `--conf` first and the typed driver/executor/dynamicAllocation
  fields after, so a typed field overrides the same key in sparkConf (spark-submit keeps the last);
- defaults.go sets driver/executor cores 1 and memory 1g unless sparkConf has them, and
  executor.instances 1 when neither spark.executor.instances nor dynamic allocation is set.

HPE Ezmeral's fork of the operator serves the same v1beta2 resource under its own group,
`sparkoperator.hpe.com` (HPEEzmeral/spark-on-k8s
`charts/spark-operator/spark-operator-chart/crds/sparkoperator.hpe.com_sparkapplications.yaml`: the same
spec fields; chart appVersion `v1beta2-1.2.0-3.1.2`, the upstream operator release it forks), so it is
read the same way.

The Apache Spark Kubernetes Operator (apache/spark-kubernetes-operator, group `spark.apache.org`) has
resources of its own (docs/spark_custom_resources.md): a `SparkApplication` whose `spec.sparkConf` goes
to the submission as is and whose `spec.runtimeVersions.sparkVersion` names the Spark it runs, and a
`SparkCluster`, a standalone master and workers run as StatefulSets, whose `spec.sparkConf` configures
those daemons. It sets no executor defaults of its own, so Spark's apply.

Stackable's operator (stackabletech/spark-k8s-operator, group `spark.stackable.tech`,
docs/modules/spark-k8s/pages/usage-guide/ and extra/crds.yaml) has a `SparkApplication` of its own:
`spec.sparkConf` is passed to spark-submit, `spec.sparkImage.productVersion` is the Spark version of the
image, and `spec.executor.replicas` is the executor count. It sizes driver and executor memory from the
pods' `resources` itself; those are not read here.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import add_map, add_typed, spark_string
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_CONF, RANK_OPERATOR_DEFAULT, RANK_TYPED, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref

SPARK_CONF = Layer("sparkConf", RANK_CONF, "spec.sparkConf")
TYPED = Layer("spec-field", RANK_TYPED, "SparkApplication field")
OPERATOR_DEFAULT = Layer("operator-default", RANK_OPERATOR_DEFAULT, "Spark operator default")
_DEFAULTS_DOC = "spark-operator api/v1beta2/defaults.go"
# The operator's API group, and that of HPE Ezmeral's fork (see the module docstring).
_API_GROUPS = ("sparkoperator.k8s.io/", "sparkoperator.hpe.com/")

_APACHE_GROUP = "spark.apache.org/"  # the Apache Spark Kubernetes Operator (see the module docstring)
_APACHE_CONF = Layer("sparkConf", RANK_CONF, "spec.sparkConf")
_STACKABLE_GROUP = "spark.stackable.tech/"  # Stackable's Spark operator (see the module docstring)

_POD_FIELDS = {
    "cores": "spark.{role}.cores",
    "coreLimit": "spark.kubernetes.{role}.limit.cores",
    "coreRequest": "spark.kubernetes.{role}.request.cores",
    "memory": "spark.{role}.memory",
    "memoryOverhead": "spark.{role}.memoryOverhead",
    "javaOptions": "spark.{role}.extraJavaOptions",
}
_EXECUTOR_FIELDS = {
    "instances": "spark.executor.instances",
    "deleteOnTermination": "spark.kubernetes.executor.deleteOnTermination",
}
_DYNAMIC_FIELDS = {
    "enabled": "spark.dynamicAllocation.enabled",
    "initialExecutors": "spark.dynamicAllocation.initialExecutors",
    "minExecutors": "spark.dynamicAllocation.minExecutors",
    "maxExecutors": "spark.dynamicAllocation.maxExecutors",
    "shuffleTrackingEnabled": "spark.dynamicAllocation.shuffleTracking.enabled",
    "shuffleTrackingTimeout": "spark.dynamicAllocation.shuffleTracking.timeout",
}
_SPEC_FIELDS = {"memoryOverheadFactor": "spark.kubernetes.memoryOverheadFactor"}


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if not isinstance(root, Pairs):
        return None
    api = root.get("apiVersion")
    kind = root.get("kind")
    if isinstance(api, str) and api.startswith(_APACHE_GROUP):
        return _apache_operator(document, root, kind)
    if isinstance(api, str) and api.startswith(_STACKABLE_GROUP):
        return _stackable(document, root, kind)
    if not (isinstance(api, str) and api.startswith(_API_GROUPS)):
        return None
    if kind not in ("SparkApplication", "ScheduledSparkApplication"):
        return None
    spec = root.get("spec")
    prefix = "spec."
    if kind == "ScheduledSparkApplication" and isinstance(spec, Pairs):
        spec, prefix = spec.get("template"), "spec.template."
    metadata = root.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Pairs) else None
    config = JobConfig(document.path, "job", "kubernetes-sparkapplication", platform="kubernetes",
                       platform_source="SparkApplication", document=document,
                       name=f"{kind} {name}" if isinstance(name, str) else str(kind),
                       ref=Ref(document, root, root.index("kind")))
    if not isinstance(spec, Pairs):
        return [config]
    config.is_python = spec.get("type") in ("Python", "R")
    config.declared_version = declared(spec.get("sparkVersion"), f"{prefix}sparkVersion",
                                       Ref(document, spec, spec.index("sparkVersion")), document.path)
    conf = spec.get("sparkConf")
    if isinstance(conf, Pairs):
        add_map(config, document, conf, SPARK_CONF, f"{prefix}sparkConf")
    hadoop = spec.get("hadoopConf")
    if isinstance(hadoop, Pairs):
        for index, key, value in hadoop.entries():
            text = spark_string(value)
            if text is not None:
                config.add(Setting(f"spark.hadoop.{key}", text, SPARK_CONF, Ref(document, hadoop, index),
                                   field=f"{prefix}hadoopConf", raw_key=key))
    add_typed(config, document, spec, _SPEC_FIELDS, TYPED, prefix)
    for role in ("driver", "executor"):
        pod = spec.get(role)
        if isinstance(pod, Pairs):
            fields = {key: template.format(role=role) for key, template in _POD_FIELDS.items()}
            if role == "executor":
                fields.update(_EXECUTOR_FIELDS)
            add_typed(config, document, pod, fields, TYPED, f"{prefix}{role}.")
    _add_dynamic_allocation(config, document, spec.get("dynamicAllocation"), prefix)
    _add_operator_defaults(config, conf if isinstance(conf, Pairs) else Pairs([]))
    return [config]


def _add_dynamic_allocation(config: JobConfig, document: Document, block: object, prefix: str) -> None:
    # The operator emits these keys only when `enabled` is true; shuffle tracking defaults to true then.
    if not isinstance(block, Pairs) or block.get("enabled") is not True:
        return
    add_typed(config, document, block, _DYNAMIC_FIELDS, TYPED, f"{prefix}dynamicAllocation.")
    if "shuffleTrackingEnabled" not in block:
        config.add(Setting("spark.dynamicAllocation.shuffleTracking.enabled", "true", OPERATOR_DEFAULT,
                           citation=_DEFAULTS_DOC))


def _add_operator_defaults(config: JobConfig, conf: Pairs) -> None:
    for role in ("driver", "executor"):
        for key, value in ((f"spark.{role}.cores", "1"), (f"spark.{role}.memory", "1g")):
            if key not in conf:
                config.add(Setting(key, value, OPERATOR_DEFAULT, citation=_DEFAULTS_DOC))
    # defaults.go checks the lower-cased key "spark.dynamicallocation.enabled" in sparkConf, so the
    # camelCase key set only in sparkConf is not seen and instances still defaults to 1.
    dynamic = config.effective("spark.dynamicAllocation.enabled")
    dynamic_seen = (dynamic is not None and dynamic.layer is TYPED) or "spark.dynamicallocation.enabled" in conf
    if "spark.executor.instances" not in conf and not dynamic_seen:
        config.add(Setting("spark.executor.instances", "1", OPERATOR_DEFAULT, citation=_DEFAULTS_DOC))


def _apache_operator(document: Document, root: Pairs, kind: object) -> Optional[list[JobConfig]]:
    """A SparkApplication or SparkCluster of the Apache Spark Kubernetes Operator (spark.apache.org)."""
    if kind not in ("SparkApplication", "SparkCluster"):
        return None
    cluster = kind == "SparkCluster"
    config, spec = _resource(document, root, f"{kind} (spark.apache.org)", "apache-spark-operator",
                             "defaults" if cluster else "job", "standalone" if cluster else "kubernetes")
    if spec is None:
        return [config]
    versions = spec.get("runtimeVersions")
    if isinstance(versions, Pairs) and "sparkVersion" in versions:
        config.declared_version = declared(versions.get("sparkVersion"), "spec.runtimeVersions.sparkVersion",
                                           Ref(document, versions, versions.index("sparkVersion")), document.path)
    config.is_python = bool(spec.get("pyFiles")) and not spec.get("mainClass")
    conf = spec.get("sparkConf")
    if isinstance(conf, Pairs):
        add_map(config, document, conf, _APACHE_CONF, "spec.sparkConf")
    return [config]


def _stackable(document: Document, root: Pairs, kind: object) -> Optional[list[JobConfig]]:
    """A SparkApplication of Stackable's operator (spark.stackable.tech)."""
    if kind != "SparkApplication":
        return None
    config, spec = _resource(document, root, "SparkApplication (spark.stackable.tech)", "stackable-spark-operator",
                             "job", "kubernetes")
    if spec is None:
        return [config]
    image = spec.get("sparkImage")
    if isinstance(image, Pairs) and "productVersion" in image:
        config.declared_version = declared(image.get("productVersion"), "spec.sparkImage.productVersion",
                                           Ref(document, image, image.index("productVersion")), document.path)
    application = spec.get("mainApplicationFile")
    config.is_python = isinstance(application, str) and application.endswith(".py")
    conf = spec.get("sparkConf")
    if isinstance(conf, Pairs):
        add_map(config, document, conf, _APACHE_CONF, "spec.sparkConf")
    executor = spec.get("executor")
    if isinstance(executor, Pairs):
        add_typed(config, document, executor, {"replicas": "spark.executor.instances"}, TYPED, "spec.executor.")
    return [config]


def _resource(document: Document, root: Pairs, source: str, dialect: str, kind: str,
              platform: str) -> tuple[JobConfig, Optional[Pairs]]:
    """The config of an operator's custom resource, named `Kind name` and pointing at its `kind:`, and
    its `spec` mapping (None when there is none)."""
    resource = root.get("kind")
    metadata = root.get("metadata")
    name = metadata.get("name") if isinstance(metadata, Pairs) else None
    config = JobConfig(document.path, kind, dialect, platform=platform, platform_source=source,
                       document=document, name=f"{resource} {name}" if isinstance(name, str) else str(resource),
                       ref=Ref(document, root, root.index("kind")))
    spec = root.get("spec")
    return config, spec if isinstance(spec, Pairs) else None
