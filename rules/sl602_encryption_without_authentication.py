"""SL602 encryption-without-authentication: RPC encryption turned on without `spark.authenticate`.

## What it flags
`spark.network.crypto.enabled=true` or `spark.authenticate.enableSaslEncryption=true` while
`spark.authenticate` is false (its default) or not set. On EMR Serverless `spark.authenticate` is
true by default, so only an explicit `spark.authenticate=false` is flagged there.
`spark.io.encryption.enabled` (local disk encryption) does not need authentication and is not flagged.

## Why is this bad?
Spark refuses to start: `SparkConf.validateSettings` throws "requirement failed: spark.authenticate
must be enabled when enabling encryption." Spark's RPC encryption is negotiated by its
authentication protocol, so there is no encryption without it. The check runs in every deploy mode.

## Example
```conf spark-defaults.conf
spark.network.crypto.enabled  true
```

## Use instead
```conf spark-defaults.conf
spark.authenticate            true
spark.network.crypto.enabled  true
```

## Options
None.

## References
- `core/src/main/scala/org/apache/spark/SparkConf.scala` (`validateSettings`; 4.x error class
  `INVALID_SPARK_CONFIG.NETWORK_AUTH_MUST_BE_ENABLED`). Measured with pyspark 3.5.9 for both keys, and
  that `spark.io.encryption.enabled=true` alone starts (tests/test_oracle_security.py).
- Spark security guide: https://spark.apache.org/docs/latest/security.html (Encryption).
- EMR Serverless default `spark.authenticate=true`:
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.units import parse_bool
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

AUTHENTICATE = "spark.authenticate"
ENCRYPTION_KEYS = ("spark.network.crypto.enabled", "spark.authenticate.enableSaslEncryption")


def _true(config: JobConfig, key: str) -> bool:
    value = config.value(key)
    try:
        return value is not None and parse_bool(value)
    except ValueError:
        return False  # SL006's business


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    authenticate = config.effective(AUTHENTICATE)
    if authenticate is not None:
        try:
            if parse_bool(authenticate.value):
                return
        except ValueError:
            return  # unparsable (SL006) or templated: not judged
    why = (f"spark.authenticate={authenticate.value} [{authenticate.describe()}]" if authenticate is not None
           else "spark.authenticate is not set (default false)")
    for key in ENCRYPTION_KEYS:
        setting = config.effective(key)
        if setting is None or setting.ref is None or not _true(config, key):
            continue
        yield Hit(
            f"Spark refuses to start: {key}=true needs spark.authenticate=true, but {why} "
            f"(SparkConf.validateSettings: \"spark.authenticate must be enabled when enabling encryption\")",
            "Set spark.authenticate=true.",
            at=setting,
            related=(authenticate,) if authenticate is not None and authenticate.ref is not None else (),
        )


RULE = Rule(
    id="SL602",
    name="encryption-without-authentication",
    severity="error",
    summary="RPC encryption enabled without spark.authenticate=true: Spark refuses to start.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.network.crypto.enabled', 'spark.authenticate.enableSaslEncryption'),
)
