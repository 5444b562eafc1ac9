"""Which settings hold secrets, which secret values are only placeholders, and how to show them masked.

Sources:
- Spark's own list of secret-looking keys is `spark.redaction.regex`
  (`core/src/main/scala/org/apache/spark/internal/config/package.scala`, `SECRET_REDACTION_PATTERN`):
  `(?i)secret|password|token|access[.]?key` in 3.5, with `|credential` added in 4.x (the catalog
  has it from 4.0.1; shared/reference/spark.md §11 says 4.3.0). Spark redacts the values of matching
  keys in the UI, event logs and `spark-submit --verbose`; sparklint never prints them either
  (docs/DESIGN.md). We apply the 4.x pattern to every version: a credential is a credential whatever
  Spark version reads it.
- Azure's storage account key `fs.azure.account.key.<account>...` (hadoop-azure `AbfsConfiguration`)
  is a secret Spark's pattern misses; it is added here.
- Keys whose values only *name* a secret are not secrets: a file or path (`spark.authenticate.secret.file`,
  `spark.kubernetes.authenticate.*.oauthTokenFile`), a class or provider
  (`spark.hadoop.fs.s3a.aws.credentials.provider`), a switch or number (`...token.renewal...`,
  `spark.authenticate.secretBitLength`), a list of secret names
  (`spark.kubernetes.container.image.pullSecrets`), a Kubernetes secret mount
  (`spark.kubernetes.driver.secrets.<name>`,
  `spark.kubernetes.driver.secretKeyRef.<env>`: `running-on-kubernetes.md`, "Secret Management").
- AWS's documentation shows its example access keys (`AKIAIOSFODNN7EXAMPLE` with
  `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, and `AKIAI44QH8DHBEXAMPLE` with
  `je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY`:
  https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html): copied into samples, they
  sign nobody in. Nor does a value that spells out the slot it stands in for (`accessKey1`,
  `miniosecretkey`, `my-secret-key`): a sample's stand-in. Nor a value that is only a word saying it is a
  dummy (`test`, `dummy`, `fake`, `sample`, `example`, `mock`, `foo`): LocalStack's documentation has
  users set `AWS_ACCESS_KEY_ID=test` / `AWS_SECRET_ACCESS_KEY=test` (it accepts any key;
  https://docs.localstack.cloud/references/credentials/), and the Apache Spark Kubernetes Operator's
  examples pass those to S3A. None of these is reported; all are still masked, as any secret-looking
  value is. `password`, `admin`, `changeit` and `minio123` are not dummies: services ship them as
  working defaults. One exception: `changeit` as a *trust store's* password
  (`-Djavax.net.ssl.trustStorePassword=changeit`, `spark.ssl.trustStorePassword`). It is the JDK's
  published default for its `cacerts` trust store (keytool, "The initial password of the cacerts
  keystore file is changeit": https://docs.oracle.com/en/java/javase/17/docs/specs/man/keytool.html),
  and a trust store holds public certificates, so the password guards nothing secret. As a key store's
  password, which guards private keys, `changeit` is still reported.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from sparklint.knowledge.values import is_templated
from sparklint.model import Setting
from sparklint.patterns import lazy_pattern

MASK = "****"

# Spark 4.x `spark.redaction.regex` plus Azure account keys (see the module docstring).
_SECRET_KEY = lazy_pattern(r"secret|password|token|access[.]?key|credential|account\.key\.", re.IGNORECASE)
SECRET_KEY_WORDS = _SECRET_KEY  # masking.py finds secret-looking keys in raw text by these words
# A key whose last part says the value is a reference to a secret, a setting about secrets, or not text.
_NOT_A_SECRET_VALUE = lazy_pattern(
    r"(file|path|dir|location|provider|providers|class|impl|factory|regex|enabled|type|mode|kind|interval|"
    r"timeout|name|secrets|ratio|uri|url|endpoint|length|renewal|renewer|principal|user|username)$",
    re.IGNORECASE,
)
_SECRET_MOUNTS = lazy_pattern(r"^spark\.kubernetes\.(driver|executor)\.(secrets|secretKeyRef)\.")
_RENEWAL = lazy_pattern(r"renewal|renewer", re.IGNORECASE)
# A value that only stands in for a secret: "PUT_YOUR_PASSWORD", "<password>", "***", "xxxx", "REDACTED".
_PLACEHOLDER = lazy_pattern(
    r"your[_\- ]?|placeholder|replace[_\- ]?me|_here$|-here$|redacted|^\*+$|^x{3,}$|^\.\.\.$|^todo$|^fixme$",
    re.IGNORECASE,
)
# A fully qualified Java class name (`com.vendor.security.ClientDecode`): code that handles a secret.
_CLASS_NAME = lazy_pattern(r"(?:[a-z_][a-z0-9_]*\.)+[A-Z][A-Za-z0-9_$]*")
# Class names joined by commas, `=` or blanks: Hadoop's `fs.s3a.aws.credentials.provider` list and its
# `...provider.mapping` (`OldClass=NewClass,...`, hadoop-aws `aws_sdk_upgrade.md`).
_CLASS_LIST = lazy_pattern(r"{0}(?:\s*[,=\s]\s*{0})*".format(_CLASS_NAME.pattern))
_NUMBER_OR_SWITCH = lazy_pattern(r"true|false|-?[0-9]+(\.[0-9]+)?[a-z]{0,3}", re.IGNORECASE)
# Where a secret is kept, not the secret: a local path (`/etc/spark/keystore.jks`, `./token`, `~/.aws`,
# `C:\\keys\\k.jks`), a URI with no password in it (`file:/...`, `hdfs://nn:8020/keytab`,
# `s3://bucket/key`, `jceks://hdfs@nn/creds.jceks` of Hadoop's credential provider path; not
# `s3a://key:secret@bucket`), an AWS ARN (a Secrets Manager secret or an IAM role: `arn:aws:...`).
_PATH_OR_REFERENCE = lazy_pattern(
    r"(?:/|\./|\.\./|~/|[A-Za-z]:\\)[^\s,]*"
    r"|[A-Za-z][A-Za-z0-9+.\-]*:/(?:/[^\s/@:,]*@)?[^\s@,]*"
    r"|arn:aws[A-Za-z\-]*:[a-z0-9\-]+:[^\s,]*"
)
# `-Dname=value` inside JVM options (spark.*.extraJavaOptions / defaultJavaOptions, JAVA_TOOL_OPTIONS).
JAVA_PROPERTY = lazy_pattern(r"-D([^\s=]+)=(\"[^\"]*\"|'[^']*'|\S*)")
_JAVA_OPTIONS_KEY = lazy_pattern(r"JavaOptions$|\.(JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|SPARK_JAVA_OPTS)$")


@functools.lru_cache(maxsize=16384)
def is_secret_key(key: str) -> bool:
    """Does this key hold a credential itself (not a file, class, switch or name that refers to one)?"""
    if not _SECRET_KEY.search(key) or _SECRET_MOUNTS.match(key) or _RENEWAL.search(key):
        return False
    return not _NOT_A_SECRET_VALUE.search(re.split(r"[.\-]", key)[-1])


def is_placeholder(value: str) -> bool:
    """A value that is not a real credential: empty, templated (`${X}`, `{{secrets/scope/key}}`,
    `<password>`), or an obvious stand-in (`PUT_YOUR_PASSWORD`, `****`). `changeme` and `changeit`
    are not placeholders: they are real (default) passwords that work when left in place."""
    text = value.strip().strip("\"'")
    return not text or is_templated(text) or bool(_PLACEHOLDER.search(text))


# The example keys AWS's documentation prints (see the module docstring): published, and no account's.
_AWS_DOCUMENTED_EXAMPLES = frozenset({
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
})


# A stand-in that names the slot: `accessKey1`, `minio-secret-key` (compared without case or punctuation).
_SLOT_NAME = lazy_pattern(r"accesskey|secretkey")
# A value that is only a word saying it is a dummy (see the module docstring), compared without case.
_DUMMY_WORDS = frozenset({"test", "testing", "dummy", "fake", "sample", "example", "mock", "foo", "foobar"})


def is_sample_value(value: str, key: str = "") -> bool:
    """One of the example access keys AWS's documentation prints, a value that spells out the credential
    slot it fills (`secretKey1`) or only says it is a dummy (`test`): a sample's stand-in, not anyone's
    credential. Also the JDK's published default `changeit` as a trust store's password (see below)."""
    text = value.strip().strip("\"'")
    if text == "changeit" and "truststore" in key.lower():
        return True
    return (text in _AWS_DOCUMENTED_EXAMPLES or text.lower() in _DUMMY_WORDS
            or bool(_SLOT_NAME.search(re.sub(r"[^a-z0-9]", "", text.lower()))))


def is_plain_secret(key: str, value: str) -> bool:
    """A literal credential: a secret key with a value that is not a placeholder and not one of the values
    that only name or locate a secret (see `names_no_secret`)."""
    return is_secret_key(key) and not is_placeholder(value) and not names_no_secret(value)


def names_no_secret(value: str) -> bool:
    """The value is a switch, a number, a Java class name or a list of them, a path, a URI with no
    password in it, or an ARN: text that says where a credential comes from, not the credential."""
    text = value.strip().strip("\"'")
    return bool(_NUMBER_OR_SWITCH.fullmatch(text) or _CLASS_LIST.fullmatch(text)
                or _PATH_OR_REFERENCE.fullmatch(text))


# The legacy `spark.<filter class>.params` of a UI filter: `name=value` pairs joined by commas, each set as a
# filter init parameter (core/src/main/scala/org/apache/spark/ui/JettyUtils.scala, `addFilters`).
_FILTER_PARAMS_KEY = lazy_pattern(r"^spark\.[\w$.]+\.params$")


def is_filter_params_key(key: str) -> bool:
    return bool(_FILTER_PARAMS_KEY.match(key))


def filter_param_secrets(value: str) -> list:
    """The names of a `.params` list's parameters that hold a literal credential (`password=admin`)."""
    names = []
    for param in value.split(","):
        name, equals, text = param.strip().partition("=")
        if equals and is_plain_secret(name.strip(), text.strip()):
            names.append(name.strip())
    return names


@functools.lru_cache(maxsize=16384)
def is_java_options_key(key: str) -> bool:
    return bool(_JAVA_OPTIONS_KEY.search(key))


def java_secrets(options: str) -> Iterator[re.Match[str]]:
    """The `-Dname=value` matches in JVM options whose name is secret-like and whose value is literal."""
    for match in JAVA_PROPERTY.finditer(options):
        if is_plain_secret(match.group(1), match.group(2)):
            yield match


def mask(value: str) -> str:
    """The shown form of a secret: a fixed mask, so not even its length leaks."""
    return MASK if value else value


def shown_value(key: str, value: str) -> str:
    """`value` as messages may print it: masked when `key` is secret, with secret `-D` values masked
    inside JVM options."""
    if is_plain_secret(key, value):
        return mask(value)
    if is_java_options_key(key):
        return _mask_java(value)
    return value


def shown(setting: Setting) -> str:
    """The setting's value as messages may print it (see `shown_value`); a native field mapped to a
    key (Livy `numExecutors`) is masked when either name looks secret."""
    for key in (setting.key, setting.raw_key):
        if key:
            text = shown_value(key, setting.value)
            if text != setting.value:
                return text
    return setting.value


def _mask_java(options: str) -> str:
    parts, last = [], 0
    for match in java_secrets(options):
        parts += [options[last:match.start(2)], mask(match.group(2))]
        last = match.end(2)
    return "".join(parts) + options[last:]
