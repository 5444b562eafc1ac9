"""EMR on EC2 `Configurations` lists (create-cluster `--configurations`, boto3 `run_job_flow`, Airflow
`JOB_FLOW_OVERRIDES`) and the spark-submit steps beside them.

Source: awsdocs amazon-emr-release-guide `emr-spark-configure.md` (shared/reference/platforms.md §2):
the `spark-defaults` classification is written into spark-defaults.conf.
"""

from __future__ import annotations

from typing import Iterable, Optional

from sparklint.dialects.classifications import add_spark_defaults, is_classification_list
from sparklint.dialects.common import add_submit_words, lookup
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_CONF, RANK_DEFAULTS, RANK_TYPED, JobConfig, Layer
from sparklint.records import Record
from sparklint.tree import Document, Pairs, Ref

CLASSIFICATION = Layer("spark-defaults-classification", RANK_DEFAULTS, "spark-defaults classification")
STEP_FLAG = Layer("step-option", RANK_TYPED, "spark-submit option in a step")
STEP_CONF = Layer("step-conf", RANK_CONF, "--conf in a step")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if isinstance(root, Pairs):
        return job_flow(document, root, "") or None
    if not is_classification_list(root):
        return None
    return cluster(document, root, "", [])


def job_flow(document: Document, body: Pairs, prefix: str, added: Iterable[SparkStep] = ()) -> list[JobConfig]:
    """A RunJobFlow body (boto3 `run_job_flow`, Airflow `job_flow_overrides`, a Step Functions createCluster
    task's `Parameters`): its cluster's spark-defaults, its spark-submit `Steps` and the `added` steps (run
    on it later), all with its `ReleaseLabel`; empty when it has no `Configurations` classification list.
    `prefix` is the field path of the body (`""` at a file's top level)."""
    _, entries = lookup(body, "Configurations")
    if not is_classification_list(entries):
        return []
    _, steps = lookup(body, "Steps")
    dot = f"{prefix}." if prefix else ""
    spark_steps = []
    for position, step in enumerate(steps if isinstance(steps, list) else ()):
        _, jar_step = lookup(step, "HadoopJarStep")
        _, args = lookup(jar_step, "Args")
        spark_steps.append(SparkStep(str(lookup(step, "Name")[1] or f"step {position + 1}"), args,
                                     Ref(document, steps, position), f"{dot}Steps[{position}].HadoopJarStep.Args"))
    configs = cluster(document, entries, f"{dot}Configurations", [*spark_steps, *added])
    index, label = lookup(body, "ReleaseLabel")
    if index >= 0:
        release = declared(label, f"{dot}{body.keys[index]}", Ref(document, body, index), document.path, "emr")
        for config in configs:
            config.declared_version = release
    return configs


class SparkStep(Record):
    """A cluster step as written: its name, its argument list, where it is, and the field path of its args."""

    name: str
    args: object
    ref: Ref  # the step, in its document (a Terraform file's steps and configurations are read apart)
    field: str


def cluster(document: Document, entries: object, prefix: str, steps: Iterable[SparkStep]) -> list[JobConfig]:
    """The cluster's spark-defaults (one "defaults" config), and one job per spark-submit step that runs
    with them."""
    cluster_config = JobConfig(document.path, "defaults", "emr-configurations", platform="emr",
                               platform_source="EMR Configurations", document=document,
                               ref=Ref(document, entries, 0) if isinstance(entries, list) and entries else None)
    add_spark_defaults(cluster_config, document, entries, CLASSIFICATION, prefix)
    configs = [cluster_config]
    for step in steps:
        args = step.args
        if not (isinstance(args, list) and args and str(args[0]).rsplit("/", 1)[-1] == "spark-submit"):
            continue
        step_document = step.ref.document
        job = JobConfig(document.path, "job", "emr-step", platform="emr", platform_source="EMR step",
                        document=step_document, name=step.name, ref=step.ref)
        job.settings.extend(cluster_config.settings)
        add_submit_words(job, step_document, args, None, [str(word) for word in args], STEP_FLAG, STEP_CONF,
                         step.field)
        configs.append(job)
    return configs
