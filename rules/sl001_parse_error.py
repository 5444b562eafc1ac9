"""SL001 parse-error: a Spark configuration file that cannot be read.

## What it flags
A file that looks like a Spark configuration (a `spark-defaults.conf`, a `.conf`/`.properties` file,
or JSON/YAML mentioning Spark, Livy or EMR fields) that does not parse: invalid JSON, invalid YAML, a
malformed `\\uXXXX` escape in a properties file, a `%%configure` cell whose body is not JSON, or
spark-submit arguments that spark-submit rejects (`--conf` without `=`, an unknown option, an
unclosed quote). JSON and YAML files that do not look like Spark configurations are skipped quietly
(`--verbose` says so), so the hook can run on every JSON/YAML file of a repository.

## Why is this bad?
Nothing in the file reaches Spark. `java.util.Properties.load` throws on a malformed `\\uXXXX`
escape, so `spark-submit` fails before the job starts; the AWS and Kubernetes APIs reject invalid
JSON/YAML bodies; spark-submit exits with "Invalid argument to --conf" or "Unrecognized option".

## Example
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.executor.memory=4g,"}}
```

## Use instead
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.executor.memory=4g"}}}
```

## Options
None.

## References
- `java.util.Properties.load` (JDK): "Malformed \\uxxxx encoding".
- Spark `launcher/src/main/java/org/apache/spark/launcher/SparkSubmitOptionParser.java` and
  `core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala` (option parsing; spark-submit 3.5.9 prints "Error: Invalid argument to --conf: ...", as the oracle
  test shows).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    # The engine reports load errors and config problems under this rule's id; nothing to check here.
    return iter(())


RULE = Rule(
    id="SL001",
    name="parse-error",
    severity="error",
    summary="A Spark configuration file (or spark-submit string) that cannot be parsed.",
    check=check,
    docs=__doc__ or "",
)
