"""spark-defaults.conf and other Java-properties files of Spark settings.

Spark loads the file with `java.util.Properties` and applies only keys that start with `spark.`
(`Utils.loadDefaultSparkProperties`, core/src/main/scala/org/apache/spark/util/Utils.scala); a file
with no such key is not a Spark file (log4j.properties, say) and is not claimed.

What else a properties file can be is decided by `sparklint.verdict.properties_shape`: INI profiles
(`[LOCAL]` / `[QA]` / `[PROD]`, read by the application with configparser) give one config per section
that holds Spark settings; Livy's `spark-blacklist.conf` (the names users may not set, without values)
is a list of names, for the rules that judge names only; launcher templates of empty placeholders and
brace-structured files (HOCON, nginx) are not claimed.
"""

from __future__ import annotations

import os
from typing import Optional

from sparklint.dialects.common import add_map
from sparklint.model import RANK_DEFAULTS, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref
from sparklint.verdict import properties_shape

LAYER = Layer("spark-defaults", RANK_DEFAULTS, "spark-defaults.conf")
NAMES = Layer("key-list", RANK_DEFAULTS, "list of property names")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if document.syntax != "properties" or not isinstance(root, Pairs):
        return None
    named = os.path.basename(document.path).startswith("spark-defaults")
    # A first key behind a byte-order mark ("\ufeffspark.master") still shows what the file is.
    if not named and not any(key.lstrip("\ufeff").startswith("spark.") for key in root.keys):
        return None
    shape = properties_shape(document.path, document.text, root)
    if not shape.kind:
        return []  # claimed, and not Spark properties: no other dialect reads it as a property map
    if shape.kind == "key-list":
        config = JobConfig(document.path, "key-list", "key-list", document=document)
        _add_range(config, document, root, 0, len(root.keys), NAMES, keep_dropped=True)
        return [config]
    if shape.kind == "ini":
        configs = []
        for section, start, end in shape.sections:
            config = JobConfig(document.path, "defaults", "spark-ini", name=section, document=document,
                               ref=Ref(document, root, start, on_key=True))
            _add_range(config, document, root, start, end, LAYER, keep_dropped=False)
            configs.append(config)
        return configs
    # A properties file by another name (`spark.properties`, an app's `application.properties`) may be a
    # --properties-file, or an application's own config that also holds a few spark.* keys.
    name = os.path.basename(document.path).lower()
    dialect = "spark-properties" if name.endswith(".properties") and "spark-defaults" not in name else "spark-defaults"
    config = JobConfig(document.path, "defaults", dialect, document=document)
    add_map(config, document, root, LAYER, "")
    return [config]


def _add_range(config: JobConfig, document: Document, pairs: Pairs, start: int, end: int, layer: Layer,
               keep_dropped: bool) -> None:
    """Entries `start`..`end` of the file, each pointing at its own value (positions stay the file's).
    The application's own keys of an INI section are its business: only spark.* keys are kept there."""
    keys, values, path = pairs.keys, pairs.values, config.path
    for index in range(start, end):
        key = keys[index]
        if key.startswith("spark."):
            config.settings.append(Setting(key, values[index], layer, Ref(document, pairs, index), "", "", path))
        elif keep_dropped:
            config.dropped.append(Setting(key, values[index], layer, Ref(document, pairs, index), "", "", path))
