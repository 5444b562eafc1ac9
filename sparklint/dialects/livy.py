"""Livy session and batch bodies, sparkmagic `%%configure` cells and sparkmagic `config.json`.

Sources (shared/reference/platforms.md §3):
- apache/incubator-livy `server/src/main/scala/org/apache/livy/server/interactive/InteractiveSession.scala`
  and `server/src/main/scala/org/apache/livy/utils/SparkProcessBuilder.scala`: the typed fields map to
  Spark keys and are applied after `conf`, so they override the same key in `conf`.
- jupyter-incubator/sparkmagic `sparkmagic/utils/configuration.py`: `session_configs_defaults` is
  deep-merged under `session_configs`.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import add_map, add_typed
from sparklint.model import RANK_CONF, RANK_TYPED, JobConfig, Layer
from sparklint.tree import Document, Pairs, Ref

FIELDS = {
    "driverMemory": "spark.driver.memory",
    "driverCores": "spark.driver.cores",
    "executorMemory": "spark.executor.memory",
    "executorCores": "spark.executor.cores",
    "numExecutors": "spark.executor.instances",
    "queue": "spark.yarn.queue",
    "name": "spark.app.name",
}
# Every field of CreateInteractiveRequest / CreateBatchRequest: a body with another key is not Livy's.
_ALL_FIELDS = set(FIELDS) | {
    "kind", "proxyUser", "jars", "pyFiles", "files", "archives", "conf", "heartbeatTimeoutInSecond",
    "ttl", "idleTimeout", "file", "className", "args",
}
_RESOURCE_FIELDS = set(FIELDS) - {"name", "queue"} | {"conf"}

TYPED = Layer("livy-field", RANK_TYPED, "Livy field")
CONF = Layer("livy-conf", RANK_CONF, "Livy conf")
# sparkmagic deep-merges session_configs_defaults under session_configs: its fields lose to both.
DEFAULTS_TYPED = Layer("session_configs_defaults-field", RANK_TYPED - 2, "session_configs_defaults field")
DEFAULTS_CONF = Layer("session_configs_defaults-conf", RANK_CONF - 2, "session_configs_defaults conf")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if not isinstance(root, Pairs):
        return None
    if document.syntax == "notebook":
        return [_session(document, root, "session", "livy-configure", "")]
    if any(key in root for key in ("session_configs", "session_configs_defaults")):
        return [_sparkmagic(document, root)]
    if _RESOURCE_FIELDS.intersection(root.keys) and set(root.keys) <= _ALL_FIELDS:
        kind = "job" if "file" in root else "session"
        return [_session(document, root, kind, "livy-batch" if kind == "job" else "livy-session", "")]
    return None


def _session(document: Document, body: Pairs, kind: str, dialect: str, prefix: str) -> JobConfig:
    name = body.get("name")
    config = JobConfig(document.path, kind, dialect, document=document,
                       name=name if isinstance(name, str) else "", ref=Ref(document, body, 0, on_key=True))
    _add_body(config, document, body, TYPED, CONF, prefix)
    return config


def _add_body(config: JobConfig, document: Document, body: Pairs, typed: Layer, conf_layer: Layer,
              prefix: str) -> None:
    conf = body.get("conf")
    if isinstance(conf, Pairs):
        add_map(config, document, conf, conf_layer, f"{prefix}conf")
    add_typed(config, document, body, FIELDS, typed, prefix)
    if isinstance(body.get("file"), str) or isinstance(body.get("pyFiles"), list):
        config.is_python = str(body.get("file", "")).endswith(".py") or bool(body.get("pyFiles"))


def _sparkmagic(document: Document, root: Pairs) -> JobConfig:
    config = JobConfig(document.path, "session", "sparkmagic-config", document=document,
                       ref=Ref(document, root, 0, on_key=True))
    defaults = root.get("session_configs_defaults")
    if isinstance(defaults, Pairs):
        _add_body(config, document, defaults, DEFAULTS_TYPED, DEFAULTS_CONF, "session_configs_defaults.")
    session = root.get("session_configs")
    if isinstance(session, Pairs):
        _add_body(config, document, session, TYPED, CONF, "session_configs.")
    return config
