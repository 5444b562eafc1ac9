"""SL402 scp-style-application-path: an application written as `user@host:/path`, which spark-submit reads as a local file.

## What it flags
The application of a `SparkSubmitOperator` written the way `scp` and `rsync` name a remote file:
`hadoop@10.70.1.35:/home/hadoop/job.py`, or `10.0.0.5:/jobs/job.py`. Names with a real scheme
(`hdfs://`, `s3a://`, `local:/`, `file:/`) and plain paths are not flagged, nor templates.

## Why is this bad?
spark-submit does not copy files from other hosts. It turns the application into a URI with
`Utils.resolveURI`: `new URI("hadoop@10.70.1.35:/home/...")` fails (an `@`, or a leading digit, cannot be
part of a URI scheme), so Spark falls back to `new File(path)`, a local file of that odd name in the
working directory of the Airflow worker. No such file exists, and the job fails before it starts.

## Example
```python spark_job.py
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

job = SparkSubmitOperator(task_id="pi", application="hadoop@10.70.1.35:/home/hadoop/pyspark_script/pi.py")
```

## Use instead
```python spark_job.py
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

job = SparkSubmitOperator(task_id="pi", application="hdfs:///user/hadoop/pyspark_script/pi.py")
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/util/Utils.scala` (3.x) /
  `common/utils/src/main/scala/org/apache/spark/util/SparkFileUtils.scala` (4.x): `resolveURI` catches the
  `URISyntaxException` and returns `new File(path)`'s URI.
- `java.net.URI` (RFC 2396 `scheme = alpha *( alpha | digit | "+" | "-" | "." )`):
  https://docs.oracle.com/javase/8/docs/api/java/net/URI.html
- corpus2/055 (baratamavinash225/Airflow_dags `sparkSubmitOperator.py`).
"""

from __future__ import annotations

import re
from typing import Iterator

from sparklint.dialects.airflow import operator_call
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule
from sparklint.tree import Ref

# user@host:path, or an IPv4 address before the colon: neither is a URI scheme.
_SCP_STYLE = re.compile(r"^(?:[^\s/:@]+@[^\s/:]+|\d{1,3}(?:\.\d{1,3}){3}):(?!//)\S+$")


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    document = config.document
    if document is None or config.dialect != "airflow-spark-submit":
        return
    call = operator_call(document)
    if call is None:
        return
    arguments = call[1]
    index = arguments.index("application")
    application = arguments.values[index] if index >= 0 else None
    if not isinstance(application, str) or is_templated(application) or not _SCP_STYLE.match(application):
        return
    host, _, path = application.partition(":")
    yield Hit(f"spark-submit cannot fetch {application!r}: it is an scp-style host:path, not a URI, so Spark reads it "
              f"as a local file of that name in the Airflow worker's working directory, which does not exist "
              f"(Utils.resolveURI); the job fails before it starts",
              f"Copy {path!r} from {host} to storage the job can read (hdfs://, s3a://, gs://, or the Airflow worker's "
              "own disk) and give that path.",
              Ref(document, arguments, index))


RULE = Rule(
    id="SL402",
    name="scp-style-application-path",
    severity="warning",
    summary="An application written as user@host:/path: spark-submit reads it as a local file that does not exist.",
    check=check,
    docs=__doc__ or "",
    kinds=("job",),
)
