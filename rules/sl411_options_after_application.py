"""SL411 options-after-application: spark-submit options written after the application file.

## What it flags
A `spark-submit` command line (in a shell script, Dockerfile, docker-compose or Kubernetes
`command:`) where a spark-submit option such as `--conf`, `--master` or `--executor-memory` comes after
the application resource (the `.py`, `.jar` or `.R` file).

## Why is this bad?
spark-submit stops reading options at the first word that is not one: that word is the application
resource, and it and every word after it are handed to the application as its arguments. The options
written after it never reach spark-submit, so the job runs without them (at the default master, memory
or configuration) and the application receives `--conf ...` in its `sys.argv` / `args`. It is a warning,
not an error: an application may parse options of the same name itself.

## Example
```sh submit.sh
spark-submit --master yarn main.py --conf spark.executor.memory=8g
```

## Use instead
```sh submit.sh
spark-submit --master yarn --conf spark.executor.memory=8g main.py
```

## Options
None.

## References
- Spark `launcher/src/main/java/org/apache/spark/launcher/SparkSubmitOptionParser.java` (`parse`: at the
  first argument that is not an option, `handleUnknown` ends option parsing and the rest go to
  `handleExtraArgs`) and `core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala`
  (`handleUnknown` sets the primary resource; `handleExtraArgs` makes the rest `childArgs`).
- Spark "Submitting Applications", "Launching Applications with spark-submit" (options before
  `<application-jar>`, `[application-arguments]` after it): https://spark.apache.org/docs/latest/submitting-applications.html
"""

from __future__ import annotations

from typing import Iterator

from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    launch = config.launch
    late = getattr(launch, "late_options", None)
    if not late or launch.resource is None:
        return
    span = launch.resource.span
    where = f" (line {span.line})" if span is not None else ""
    for option, ref in late:
        yield Hit(f"{option} comes after the application resource{where}, so spark-submit does not read it: the "
                  f"application receives it as an argument, and the job runs without it",
                  f"Move {option} and its value before the application file.", at=ref)


RULE = Rule(
    id="SL411",
    name="options-after-application",
    severity="warning",
    summary="spark-submit options after the application file reach the application, not spark-submit.",
    check=check,
    docs=__doc__ or "",
    kinds=("job",),
)
