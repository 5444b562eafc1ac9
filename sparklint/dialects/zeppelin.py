"""Apache Zeppelin's Spark interpreter settings: `conf/interpreter.json` (`interpreterSettings.<id>` with
`group: "spark"`; properties as `{name, value, type}` entries, or a flat `key: value` map in older
Zeppelin) and an interpreter's `interpreter-setting.json` (a list of settings; properties as
`{propertyName, defaultValue, ...}`).

What Spark gets (zeppelin-server/.../interpreter/launcher/SparkInterpreterLauncher.java and
InterpreterSetting.getJavaProperties, apache/zeppelin master):
- keys and values are trimmed, and a property with a blank value is not passed at all;
- a key starting with `spark.` is handed to spark-submit as `--conf key=value` (`isSparkConf`;
  `spark.driver.extraJavaOptions` goes through `--driver-java-options`, which Spark reads the same);
- the master is `spark.master`, else the old `master` property, else the SPARK_MASTER environment
  variable of the Zeppelin server, else `local[*]` (`getSparkMaster`, `DEFAULT_MASTER`);
- an all-capitals key (`SPARK_HOME`, `PYSPARK_PYTHON`) is an environment variable of the interpreter
  process (`RemoteInterpreterUtils.isEnvString`), kept for the secrets rule;
- every other key (`zeppelin.spark.maxResult`, `args`) is Zeppelin's own, and so is
  `spark.webui.yarn.useProxy` (read by AbstractSparkScalaInterpreter): none of them is a Spark setting,
  so none is reported as one.
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.dialects.common import spark_string
from sparklint.model import RANK_CONF, RANK_OPERATOR_DEFAULT, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref, Value

LAYER = Layer("zeppelin-interpreter", RANK_CONF, "Zeppelin spark interpreter property")
DEFAULT = Layer("zeppelin-default", RANK_OPERATOR_DEFAULT, "Zeppelin default")
ENVIRONMENT = Layer("environment", RANK_CONF, "interpreter environment variable")
DEFAULT_MASTER = "local[*]"
MASTER_CITATION = ("Zeppelin's default master, unless SPARK_MASTER is set in the Zeppelin server's environment "
                   "(SparkInterpreterLauncher.getSparkMaster, zeppelin-server/.../launcher/SparkInterpreterLauncher.java)")
ZEPPELIN_OWN = frozenset({"spark.webui.yarn.useProxy"})
_ENVIRONMENT_NAME = re.compile(r"[A-Z_0-9]+")
_SPARK_CLASS = "org.apache.zeppelin.spark."


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if isinstance(root, Pairs):
        settings = root.get("interpreterSettings")
        if not isinstance(settings, Pairs):
            return None
        found = [(f"interpreterSettings.{key}", value) for key, value in settings.items()]
    elif isinstance(root, list) and root and all(isinstance(item, Pairs) and "group" in item for item in root):
        found = [(f"[{position}]", item) for position, item in enumerate(root)]  # interpreter-setting.json
    else:
        return None
    configs = [_interpreter(document, field, setting) for field, setting in found
               if isinstance(setting, Pairs) and _is_spark(setting)]
    configs = [config for config in configs if config is not None]
    # An interpreter.json without a spark interpreter is still Zeppelin's file, with nothing for Spark.
    return configs if configs or isinstance(root, Pairs) else None


def _is_spark(setting: Pairs) -> bool:
    if setting.get("group") == "spark":
        return True
    group = setting.get("interpreterGroup")
    return isinstance(group, list) and any(
        isinstance(item, Pairs) and str(item.get("class") or "").startswith(_SPARK_CLASS) for item in group)


def _interpreter(document: Document, field: str, setting: Pairs) -> Optional[JobConfig]:
    index, properties = setting.index("properties"), setting.get("properties")
    if not isinstance(properties, Pairs):
        return None
    name = setting.get("name")
    config = JobConfig(document.path, "session", "zeppelin-interpreter", document=document,
                       name=name if isinstance(name, str) else field, ref=Ref(document, setting, index, on_key=True))
    master: Optional[Setting] = None
    for position, key, entry in properties.entries():
        where, text = _value(document, properties, position, entry)
        key = key.strip()
        if where is None or text is None or not text.strip():
            continue  # Zeppelin passes no blank property (InterpreterSetting.getJavaProperties)
        # interpreter-setting.json names the property again in `propertyName`: Zeppelin passes the map key,
        # but a value written under a secret's name is a secret wherever it goes (masked, SL601).
        named = entry.get("propertyName") if isinstance(entry, Pairs) else None
        alias = named.strip() if isinstance(named, str) and named.strip() != key else ""
        found = Setting(key, text.strip(), LAYER, where, f"{field}.properties.{key}", alias, document.path)
        if key.startswith("spark.") and key not in ZEPPELIN_OWN:
            config.settings.append(found)
        elif key == "master":
            master = found
        elif _ENVIRONMENT_NAME.fullmatch(key):
            found.layer = ENVIRONMENT
            config.environment.append(found)
    if not any(item.key == "spark.master" for item in config.settings):
        if master is not None:
            config.settings.append(Setting("spark.master", master.value, LAYER, master.ref, master.field,
                                           "master", document.path))
        else:
            config.settings.append(Setting("spark.master", DEFAULT_MASTER, DEFAULT, citation=MASTER_CITATION))
    return config


def _value(document: Document, properties: Pairs, position: int, entry: Value) -> tuple[Optional[Ref], Optional[str]]:
    """Where a property's value is written and the text Zeppelin hands on: `{"value": ...}` in
    interpreter.json, `{"defaultValue": ...}` in interpreter-setting.json, or the scalar itself."""
    if isinstance(entry, Pairs):
        for name in ("value", "defaultValue"):
            index = entry.index(name)
            if index >= 0:
                return Ref(document, entry, index), spark_string(entry.values[index])
        return None, None
    return Ref(document, properties, position), spark_string(entry)
