"""A reference that Spark or Hadoop resolves at run time, to stand where a secret is written in clear.

Sources:
- Spark: `ConfigReader` (`core/src/main/scala/org/apache/spark/internal/config/ConfigReader.scala`,
  `REF_RE = \\$\\{(?:(\\w+?):)?(\\S+?)\\}`, the `env` prefix bound to the process environment) replaces
  `${env:NAME}` in values read through a ConfigEntry or `SparkConf.getWithSubstitution`, not in values
  read with `SparkConf.get(String)` / `getOption`. The secrets Spark reads that way are the SSL passwords:
  `SSLOptions.parse` (`core/src/main/scala/org/apache/spark/SSLOptions.scala`) reads
  `spark.ssl[.<namespace>].keyStorePassword`, `.keyPassword`, `.trustStorePassword` (and, from 4.0,
  `.privateKeyPassword`) with `getWithSubstitution`. `spark.authenticate.secret` is read with
  `getOption` (`SecurityManager.getSecretKey`): a reference there would be taken as the secret itself,
  so it gets none.
- Hadoop: a `spark.hadoop.<key>` is copied as written into the Hadoop Configuration
  (`SparkHadoopUtil.appendSparkHadoopConfigs`), whose `get` and `getPassword` expand `${env.NAME}`
  (`Configuration.substituteVars`, hadoop-common; skipped for resources loaded with restricted system
  properties). S3A reads its keys with `Configuration.getPassword` (`S3AUtils.lookupPassword`). Which Hadoop
  release first expanded `env.` is not checked here (it is in Hadoop 3's Configuration): the fix is unsafe
  for this reason too, and the rule page says so.
- The variable must be in the environment of every JVM that reads the value: the driver and, for Hadoop
  file systems, every executor. That is a platform's business (a Kubernetes `secretKeyRef`, a YARN node's
  environment, a standalone Worker's); on managed platforms with their own secret store or identity
  (Databricks secrets, an EMR or Glue IAM role) a variable is not what an engineer would use, and
  `reference_for` gives none there.
- For S3A the names are the AWS SDK's own (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
  `AWS_SESSION_TOKEN`: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html), which
  S3A's `EnvironmentVariableCredentialsProvider` reads too; any other key's variable is its name in
  capitals with `_` for every other character (`spark.ssl.keyStorePassword` ->
  `SPARK_SSL_KEY_STORE_PASSWORD`). Hadoop ends a variable's name at a `-` (`${env.NAME-default}`), so
  names are made of letters, digits and `_` only.
"""

from __future__ import annotations

from typing import Optional

from sparklint.patterns import lazy_pattern

_SSL_PASSWORD = lazy_pattern(
    r"spark\.ssl(?:\.[A-Za-z0-9]+)*\.(?:keyStorePassword|keyPassword|trustStorePassword|privateKeyPassword)")
_HADOOP = "spark.hadoop."
_AWS_NAMES = {"fs.s3a.access.key": "AWS_ACCESS_KEY_ID", "fs.s3a.secret.key": "AWS_SECRET_ACCESS_KEY",
              "fs.s3a.session.token": "AWS_SESSION_TOKEN"}
_CAMEL = lazy_pattern(r"([a-z0-9])([A-Z])")
_OTHER = lazy_pattern(r"[^A-Za-z0-9]+")
_NAME = lazy_pattern(r"[A-Z][A-Z0-9_]{0,99}")
# Platforms where the driver's and executors' environment is set outside the linted file.
ENVIRONMENT_PLATFORMS = frozenset({"generic", "local", "standalone", "yarn", "kubernetes"})


def variable_name(key: str) -> Optional[str]:
    """The environment variable that should hold the value of `key`."""
    hadoop_key = key[len(_HADOOP):] if key.startswith(_HADOOP) else None
    if hadoop_key in _AWS_NAMES:
        return _AWS_NAMES[hadoop_key]
    name = _OTHER.sub("_", _CAMEL.sub(r"\1_\2", hadoop_key or key)).strip("_").upper()
    return name if _NAME.fullmatch(name) else None


def reference_for(key: str, platform: str) -> Optional[str]:
    """`${env:NAME}` (Spark) or `${env.NAME}` (Hadoop) for a secret `key` that Spark or Hadoop reads with
    substitution, on a platform whose environment comes from outside the file; else None."""
    if platform not in ENVIRONMENT_PLATFORMS:
        return None
    name = variable_name(key)
    if name is None:
        return None
    if _SSL_PASSWORD.fullmatch(key):
        return "${env:" + name + "}"
    if key.startswith(_HADOOP) and len(key) > len(_HADOOP):
        return "${env." + name + "}"
    return None
