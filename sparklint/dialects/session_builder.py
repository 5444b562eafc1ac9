"""Settings written in PySpark code: `SparkSession.builder.config(...)` chains and `SparkConf().set(...)`
(sparklint/load/session_chain.py reads them; one Document per chain or SparkConf variable).

Properties set on a SparkConf or a builder in the application take precedence over spark-submit flags and
spark-defaults.conf (https://spark.apache.org/docs/latest/configuration.html#dynamically-loading-spark-properties:
"Properties set directly on the SparkConf take highest precedence, then flags passed to spark-submit or
spark-shell, then options in the spark-defaults.conf file"). Within one chain the last call wins.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import spark_string
from sparklint.model import RANK_TYPED, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref

# The roots sparklint/load/session_chain.py gives its Documents (kept here: importing the loader, and `ast`
# with it, would cost every run's start-up).
BUILDER = "SparkSession.builder"
SPARK_CONF = "SparkConf"

IN_CODE = Layer("in-code", RANK_TYPED + 5, "set in the application's code")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax != "python":
        return None
    root = document.root
    if not isinstance(root, Pairs) or not root.keys or root.keys[0] not in (BUILDER, SPARK_CONF):
        return None
    settings, fields = root.values[0], root.get("fields")
    if not isinstance(settings, Pairs):
        return []
    label = "SparkSession.builder" if root.keys[0] == BUILDER else "SparkConf"
    config = JobConfig(document.path, "job", "pyspark-session" if root.keys[0] == BUILDER else "pyspark-conf",
                       document=document, ref=Ref(document, root, 0, on_key=True), is_python=True)
    for index, key, value in settings.entries():
        text = spark_string(value)
        if text is None:
            continue
        method = fields[index] if isinstance(fields, list) and index < len(fields) else "config()"
        config.add(Setting(key, text, IN_CODE, Ref(document, settings, index), field=f"{label}.{method}"))
    return [config]
