"""SL002 duplicate-key: a key set twice in one place, where only the last value counts.

## What it flags
The same key written twice in one layer of a configuration: two lines of one `spark-defaults.conf`,
two `--conf` of one key in one spark-submit string, a key repeated in one JSON or YAML map. The
finding points at the occurrence that has no effect and names the one that wins.

## Why is this bad?
Only the last value is used, silently: `java.util.Properties.load` keeps the last value of a key,
spark-submit stores `--conf` pairs in a map (last wins), and JSON and YAML parsers keep the last
duplicate. Whoever edits the first line sees no change; when both lines agree today, the next edit
to one of them will make them disagree.

## Example
```conf spark-defaults.conf
spark.serializer        org.apache.spark.serializer.JavaSerializer
spark.executor.memory   4g
spark.serializer        org.apache.spark.serializer.KryoSerializer
```

## Use instead
```conf spark-defaults.conf
spark.executor.memory   4g
spark.serializer        org.apache.spark.serializer.KryoSerializer
```

## Fix safety
Deleting the earlier entry is a safe fix: Spark already ignores it, so the effective settings stay the
same. The entry's whole lines go when it has lines to itself (its comments on other lines stay); the
last entry of a map and a `--conf` inside a spark-submit string are not fixed.

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/util/Utils.scala` (`getPropertiesFromFile` reads the file
  with `java.util.Properties.load`; the JDK's `Properties` keeps the last value of a repeated key).
- Spark `core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala` (`--conf` pairs go
  into a `HashMap`: the last one for a key wins).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.fix.intent import delete_entry
from sparklint.knowledge.secrets import shown
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    written = config.written()
    dropped = [setting for setting in config.dropped if setting.ref is not None]
    if len({setting.key for setting in written}) == len(written) and \
            len({setting.key for setting in dropped}) == len(dropped):
        return  # no key appears twice at all (the usual case): nothing to group
    groups: dict[tuple[str, str, str, str], list[Setting]] = {}
    for setting in written + dropped:
        groups.setdefault((setting.path, setting.layer.name, setting.field, setting.key), []).append(setting)
    for settings in groups.values():
        if len(settings) < 2:
            continue
        winner = settings[-1]
        for loser in settings[:-1]:
            if loser.value == winner.value:
                same = "the same value"
            elif shown(winner) == winner.value and shown(loser) == loser.value:
                same = f"{winner.value!r}, not {loser.value!r}"
            else:
                same = "a different value (secret, not shown)"
            yield Hit(
                f"{loser.key} is set again at {winner.describe()}; only the last value counts, so Spark "
                f"uses {same}",
                f"Delete this line and keep the one at {winner.describe()}.",
                at=loser,
                related=(winner,),
                edit=delete_entry(loser, safe=True),
            )


RULE = Rule(
    id="SL002",
    name="duplicate-key",
    severity="warning",
    summary="A key set twice in one file, map or spark-submit string: only the last value counts.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application"),
)
