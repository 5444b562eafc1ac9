"""SL601 plaintext-secret: a password, token or access key written in clear in a config file.

## What it flags
A literal credential:
- the value of a key Spark itself treats as secret (`spark.redaction.regex`: `secret`, `password`,
  `token`, `access.key`, `credential`, case-insensitive), e.g. `spark.hadoop.fs.s3a.secret.key`,
  `spark.ssl.keyStorePassword`, `spark.authenticate.secret`, also when the key lacks the `spark.`
  prefix and Spark drops it;
- a `-D<name>=<value>` with a secret-like name inside JVM options
  (`-Djavax.net.ssl.keyStorePassword=s3cr3t` in `spark.driver.extraJavaOptions`);
- a `password` in a sparkmagic `config.json` `kernel_*_credentials` block;
- a secret-named environment variable with a literal value in the `environment:` of a docker-compose
  service that runs Spark (`AWS_SECRET_ACCESS_KEY=...`, `SPARK_RPC_AUTHENTICATION_SECRET=...`); services
  that are not Spark (a database, MinIO) are not read;
- a secret-like parameter in a UI filter's legacy `spark.<filter class>.params` list
  (`spark.com.example.BasicAuthFilter.params username=admin,password=admin`).

Quiet on keys that only point at a secret (`spark.authenticate.secret.file`, `...oauthTokenFile`,
`spark.hadoop.fs.s3a.aws.credentials.provider`, `spark.kubernetes.driver.secrets.*` mounts), and,
whatever the key, on values that cannot be a credential: switches and numbers (`true`, `256`), Java
class names and lists of them (`...credentials.provider.mapping` holds `OldClass=NewClass,...` pairs),
paths and URIs with no password in them (`/etc/spark/keystore.jks`, `jceks://hdfs@nn/creds.jceks`),
AWS ARNs (`arn:aws:secretsmanager:...`), and placeholders: empty values, references filled in later
(`${AWS_SECRET}`, `$(cat /run/secret)`, `{{secrets/scope/key}}`, `{{ password }}`), `<password>`,
`****`, stand-ins such as `PUT_YOUR_PASSWORD` or values that spell out the slot they fill (`accessKey1`,
`miniosecretkey`) or only say they are dummies (`test`, `dummy`, `fake`), and the example access keys AWS's
documentation prints (`AKIAIOSFODNN7EXAMPLE`). A URI that carries a password (`s3a://key:secret@bucket`) is
flagged. `changeit` and `changeme` are flagged: they are real default passwords that work as long as they
stay in the file; except `changeit` as a trust store's password, the JDK's published default for a store
of public certificates (`sparklint/knowledge/secrets.py` cites keytool's page). The value is never printed,
in any output format.

## Why is this bad?
Whoever can read the repository, the CI logs, the notebook or the EMR/Kubernetes API object can use
the credential, and it stays in version history after it is removed. Spark redacts these keys in its
UI and event logs (`spark.redaction.regex`) precisely because they are secrets; the file does not.

## Example
```conf spark-defaults.conf
spark.hadoop.fs.s3a.access.key  AKIAEXAMPLEKEY
spark.hadoop.fs.s3a.secret.key  wJalrXUtnFEMIEXAMPLEKEY
```

## Use instead
```conf spark-defaults.conf
spark.hadoop.fs.s3a.aws.credentials.provider  com.amazonaws.auth.EnvironmentVariableCredentialsProvider
```

## Fix safety
Every fix is unsafe: the variable it names must then be set where the job runs, and the old value must
still be rotated (it stays in version history). The value is never printed, in the diff (its `-` line
is masked), the edit's title or anywhere else.
- In a docker-compose service's `environment:` map, the value becomes `${NAME}` (its own name), which
  Compose fills in from the shell or the project's `.env` file when the service starts (Compose warns
  when it is not set).
- An SSL password Spark reads with substitution (`spark.ssl[.<namespace>].keyStorePassword`,
  `.keyPassword`, `.trustStorePassword`, `.privateKeyPassword`) becomes `${env:NAME}`
  (`${env:SPARK_SSL_KEY_STORE_PASSWORD}`), which Spark's ConfigReader replaces with the environment
  variable.
- A `spark.hadoop.*` secret becomes `${env.NAME}`, which Hadoop's Configuration expands when S3A, ABFS or
  another file system reads it: `${env.AWS_SECRET_ACCESS_KEY}` for `fs.s3a.secret.key` (the AWS SDK's
  names for the three S3A keys), the key in capitals otherwise. The variable must be set for the driver
  and every executor (a Kubernetes `secretKeyRef`, the nodes' environment). Which Hadoop release started
  expanding `env.` is not checked (Hadoop 3 does).
These two are offered only where the job's environment is set outside the file (platforms generic,
local, standalone, yarn, kubernetes) and the entry is written in the file's own syntax (not inside a shell
heredoc, where the shell would expand `${...}`, nor in a spark-submit string). Elsewhere, and for
`spark.authenticate.secret` (Spark reads it without substitution), JVM options, UI filter parameters and
sparkmagic passwords, there is no fix: use the platform's secret store or identity (Databricks
`{{secrets/scope/key}}`, an IAM role, a credentials provider).

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/internal/config/package.scala`
  (`spark.redaction.regex`: `(?i)secret|password|token|access[.]?key` in 3.5, `|credential` in 4.x)
  and `core/src/main/scala/org/apache/spark/util/Utils.scala` (`redact`).
- Spark security guide, "Secret Management" for Kubernetes and `spark.authenticate.secret.file`:
  https://spark.apache.org/docs/latest/security.html
- AWS's example access keys: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
- Hadoop S3A credential providers: https://hadoop.apache.org/docs/stable/hadoop-aws/tools/hadoop-aws/index.html
  and the provider remapping `fs.s3a.aws.credentials.provider.mapping` (comma-separated `key=value` class
  pairs, HADOOP-18980): https://hadoop.apache.org/docs/stable/hadoop-aws/tools/hadoop-aws/aws_sdk_upgrade.html
- Hadoop credential provider paths (`jceks://hdfs@nn1.example.com:9001/user/backup/s3.jceks`):
  https://hadoop.apache.org/docs/stable/hadoop-project-dist/hadoop-common/CredentialProviderAPI.html
- sparkmagic `sparkmagic/example_config.json` (`kernel_python_credentials.password`).
- Spark `core/src/main/scala/org/apache/spark/internal/config/ConfigReader.scala` (`${env:NAME}`),
  `core/src/main/scala/org/apache/spark/SSLOptions.scala` (`getWithSubstitution` for the SSL passwords),
  `core/src/main/scala/org/apache/spark/SecurityManager.scala` (`getSecretKey`: `getOption`); Hadoop
  `hadoop-common/src/main/java/org/apache/hadoop/conf/Configuration.java` (`substituteVars`, `${env.NAME}`);
  all in `sparklint/knowledge/secret_references.py`.
- Compose interpolation ("applied for unquoted and double-quoted values", `${VAR}`):
  https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/
- UI filter parameters: `core/src/main/scala/org/apache/spark/ui/JettyUtils.scala` (`addFilters` reads
  `spark.<filter>.params` as comma-separated `name=value` pairs, and `spark.<filter>.param.<name>`).
"""

from __future__ import annotations

import functools
from typing import Iterator

from sparklint.fix.secret_reference import reference_fix
from sparklint.knowledge.secrets import (filter_param_secrets, is_filter_params_key, is_java_options_key,
                                         is_plain_secret, is_sample_value, is_secret_key, java_secrets)
from sparklint.knowledge.sparkmagic_credentials import plaintext_passwords
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule

FIX = ("Remove it from the file and pass it at run time from a secret store or the environment "
       "(a ${VARIABLE}, a credentials provider, a Kubernetes or Databricks secret), then rotate it.")


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    written = list(config.written()) + [setting for setting in config.dropped + config.environment
                                        if setting.ref is not None]
    compose = {id(setting) for setting in config.environment} if config.dialect == "docker-compose" else set()
    for setting in written:
        if _may_hold_secret(setting.key):  # the gate here too: no generator for each ordinary key
            yield from _setting(setting, config.platform, id(setting) in compose)
    for name, ref in plaintext_passwords(config):
        line = f":{ref.span.line}" if ref.span is not None else ""
        yield Hit(f"{name}.password holds the Livy password in plain text [{config.path}{line}] (value not shown)",
                  "Leave the password out of config.json and use Kerberos or a secret store for Livy "
                  "authentication, then rotate it.", at=ref)


def _setting(setting: Setting, platform: str, compose_environment: bool = False) -> Iterator[Hit]:
    if not _may_hold_secret(setting.key):
        return
    if is_plain_secret(setting.key, setting.value):
        if is_sample_value(setting.value, setting.key):
            return
        yield Hit(f"{setting.key} holds a credential in plain text [{setting.describe()}] (value not shown)",
                  FIX, at=setting, edit=reference_fix(setting, platform, compose_environment))
    elif is_filter_params_key(setting.key):
        names = filter_param_secrets(setting.value)
        if names:
            what = "parameter" if len(names) == 1 else "parameters"
            yield Hit(f"{setting.key} gives the UI filter the {what} {', '.join(names)} in plain text "
                      f"[{setting.describe()}] (value not shown)", FIX, at=setting)
    elif is_java_options_key(setting.key):
        names = [f"-D{match.group(1)}" for match in java_secrets(setting.value)
                 if not is_sample_value(match.group(2), match.group(1))]
        if names:
            what = "a credential" if len(names) == 1 else "credentials"
            yield Hit(f"{setting.key} passes {', '.join(names)} with {what} "
                      f"in plain text [{setting.describe()}] (value not shown)", FIX, at=setting)


@functools.lru_cache(maxsize=16384)
def _may_hold_secret(key: str) -> bool:
    """Cheap per-key gate (most keys are neither secret nor JVM options); cached across files."""
    return is_secret_key(key) or is_java_options_key(key) or is_filter_params_key(key)


RULE = Rule(
    id="SL601",
    name="plaintext-secret",
    severity="error",
    summary="A password, token or access key written in clear text.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application"),
)
