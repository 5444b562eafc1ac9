"""EX101 app-name-with-spaces: a Spark application name with spaces.

## What it flags
A `spark.app.name` containing a space.

## Why is this bad?
Our team's log shipping splits on spaces (a house rule, to show a third-party plugin).

## Example
```conf spark-defaults.conf
spark.app.name nightly etl
```

## Use instead
```conf spark-defaults.conf
spark.app.name nightly-etl
```

## Options
None.

## References
- https://spark.apache.org/docs/latest/configuration.html
"""

from __future__ import annotations

from sparklint.rule import Hit, NoOptions, Rule


def check(config, options: NoOptions):
    setting = config.effective("spark.app.name")
    if setting is not None and setting.ref is not None and " " in setting.value:
        yield Hit(f"application name {setting.value!r} contains a space", "Use dashes instead of spaces.", at=setting)


RULE = Rule(id="EX101", name="app-name-with-spaces", severity="warning",
            summary="spark.app.name with a space.", check=check, docs=__doc__ or "")
