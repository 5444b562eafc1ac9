"""spark-defaults.conf and other Java-properties files of Spark settings.

Spark loads the file with `java.util.Properties` and applies only keys that start with `spark.`
(`Utils.loadDefaultSparkProperties`, core/src/main/scala/org/apache/spark/util/Utils.scala); a file
with no such key is not a Spark file (log4j.properties, say) and is not claimed.
"""

from __future__ import annotations

import os
from typing import Optional

from sparklint.dialects.common import add_map
from sparklint.model import RANK_DEFAULTS, JobConfig, Layer
from sparklint.tree import Document, Pairs

LAYER = Layer("spark-defaults", RANK_DEFAULTS, "spark-defaults.conf")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if document.syntax != "properties" or not isinstance(root, Pairs):
        return None
    named = os.path.basename(document.path).startswith("spark-defaults")
    # A first key behind a byte-order mark ("\ufeffspark.master") still shows what the file is.
    if not named and not any(key.lstrip("\ufeff").startswith("spark.") for key in root.keys):
        return None
    # A properties file by another name (`spark.properties`, an app's `application.properties`) may be a
    # --properties-file, or an application's own config that also holds a few spark.* keys.
    name = os.path.basename(document.path).lower()
    dialect = "spark-properties" if name.endswith(".properties") and "spark-defaults" not in name else "spark-defaults"
    config = JobConfig(document.path, "defaults", dialect, document=document)
    add_map(config, document, root, LAYER, "")
    return [config]
