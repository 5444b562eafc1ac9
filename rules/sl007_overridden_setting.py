"""SL007 overridden-setting: a key set in two places with different values, where one silently wins.

## What it flags
The same key written in two layers of one job with different values: a Livy field and the same key
in `conf` (`numExecutors` and `spark.executor.instances`), a SparkApplication field and `sparkConf`,
a spark-submit option and `--conf` (`--executor-memory` and `spark.executor.memory`),
`sparkSubmitParameters` and the `spark-defaults` classification, a job's classification and its
application's `runtimeConfiguration`. The finding points at the value that loses and names the one
that wins and why.

## Why is this bad?
Whoever reads the losing line believes it; the job uses the other value. Which one wins follows
rules few people remember: spark-submit applies `--conf` only where the dedicated option is not set,
Livy and the Spark operator apply their typed fields after `conf`/`sparkConf`, and EMR Serverless
ranks `sparkSubmitParameters` above job classifications above the application's configuration.

## Example
```json session.json
{"numExecutors": 2, "conf": {"spark.executor.instances": "8"}}
```

## Use instead
```json session.json
{"numExecutors": 8}
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/deploy/SparkSubmit.scala` / `SparkSubmitArguments.scala`:
  dedicated options are applied first, `--conf` values with setIfMissing.
- Livy `server/src/main/scala/org/apache/livy/server/interactive/InteractiveSession.scala`: typed
  fields are applied after `conf`.
- Spark operator `internal/controller/sparkapplication/submission.go`: `sparkConf` is passed before
  the driver/executor fields.
- EMR Serverless precedence: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.secrets import shown
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    winners = config.winners()
    losers: dict[str, list[Setting]] = {}
    for setting in config.written():
        winner = winners.get(setting.key)
        if winner is setting or winner is None or winner.ref is None:
            continue
        if setting.layer.rank < winner.layer.rank and setting.value != winner.value:
            losers.setdefault(setting.key, []).append(setting)
    for key, overridden in losers.items():
        winner = winners[key]
        reported: set[str] = set()
        for loser in reversed(overridden):  # the last of a layer is the one that layer would have used
            if loser.layer.name in reported:
                continue  # SL002 covers repeats within one layer
            reported.add(loser.layer.name)
            yield Hit(
                f"{key}={shown(loser)} has no effect: {key}={shown(winner)} at {winner.describe()} wins "
                f"({winner.layer.description or winner.layer.name} overrides "
                f"{loser.layer.description or loser.layer.name})",
                f"Set {key} in one place only, to the value you mean.",
                at=loser,
                related=(winner,),
            )


RULE = Rule(
    id="SL007",
    name="overridden-setting",
    severity="warning",
    summary="The same key in two layers with different values; one silently overrides the other.",
    check=check,
    docs=__doc__ or "",
)
