"""EMR on EC2 `Configurations` lists (create-cluster `--configurations`, boto3 `run_job_flow`, Airflow
`JOB_FLOW_OVERRIDES`) and the spark-submit steps beside them.

Source: awsdocs amazon-emr-release-guide `emr-spark-configure.md` (shared/reference/platforms.md §2):
the `spark-defaults` classification is written into spark-defaults.conf.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.classifications import add_spark_defaults, is_classification_list
from sparklint.dialects.common import add_submit_words, lookup
from sparklint.model import RANK_CONF, RANK_DEFAULTS, RANK_TYPED, JobConfig, Layer
from sparklint.tree import Document, Pairs, Ref

CLASSIFICATION = Layer("spark-defaults-classification", RANK_DEFAULTS, "spark-defaults classification")
STEP_FLAG = Layer("step-option", RANK_TYPED, "spark-submit option in a step")
STEP_CONF = Layer("step-conf", RANK_CONF, "--conf in a step")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    entries, prefix = root, ""
    steps: object = None
    if isinstance(root, Pairs):
        _, entries = lookup(root, "Configurations")
        _, steps = lookup(root, "Steps")
        prefix = "Configurations"
    if not is_classification_list(entries):
        return None
    cluster = JobConfig(document.path, "defaults", "emr-configurations", platform="emr",
                        platform_source="EMR Configurations", document=document,
                        ref=Ref(document, entries, 0))
    add_spark_defaults(cluster, document, entries, CLASSIFICATION, prefix)
    configs = [cluster]
    for position, step in enumerate(steps if isinstance(steps, list) else ()):
        words_index, words = _spark_submit_args(step)
        if words is None:
            continue
        job = JobConfig(document.path, "job", "emr-step", platform="emr", platform_source="EMR step",
                        document=document, name=str(lookup(step, "Name")[1] or f"step {position + 1}"),
                        ref=Ref(document, steps, position))
        job.settings.extend(cluster.settings)
        add_submit_words(job, document, words, None, [str(word) for word in words], STEP_FLAG, STEP_CONF,
                         f"Steps[{position}].HadoopJarStep.Args")
        configs.append(job)
    return configs


def _spark_submit_args(step: object) -> tuple[int, Optional[list]]:
    _, jar_step = lookup(step, "HadoopJarStep")
    index, args = lookup(jar_step, "Args")
    if isinstance(args, list) and args and str(args[0]).rsplit("/", 1)[-1] == "spark-submit":
        return index, args
    return -1, None
