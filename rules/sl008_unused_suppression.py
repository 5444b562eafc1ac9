"""SL008 unused-suppression: a `# sparklint: disable=...` comment that silences nothing.

## What it flags
An inline suppression (`# sparklint: disable=SL201` at the end of a YAML or Terraform line or alone on
the line above, `# sparklint: disable-file`) naming a rule that reports nothing on the line it covers
(or anywhere in the file, for `disable-file`). A suppression that names only rules this run does not
check (`--select`, `ignore`) is left alone: another configuration may need it. A suppression naming a
rule that does not exist at all is a configuration error (exit 2), as in `--select`.

## Why is this bad?
A stale suppression hides the next real problem on that line: the setting it was written for has been
fixed or removed, and whatever the line holds later is silenced without anyone deciding so. ruff
(RUF100) and sqlfluff (`--warn-unused-ignores`) report them for the same reason.

## Example
```yaml app.yaml
apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
spec:
  sparkConf:
    spark.executor.memory: "4g"  # sparklint: disable=SL101
```

## Use instead
```yaml app.yaml
apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
spec:
  sparkConf:
    spark.executor.memory: "4g"
```

## Options
None.

## References
- ruff `RUF100` unused-noqa: https://docs.astral.sh/ruff/rules/unused-noqa/
"""

from __future__ import annotations

from typing import Iterator

from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    # The engine applies suppressions, so it is the engine that knows which matched nothing.
    return iter(())


RULE = Rule(
    id="SL008",
    name="unused-suppression",
    severity="warning",
    summary="An inline `sparklint: disable` comment that suppresses no finding.",
    check=check,
    docs=__doc__ or "",
    kinds=(),
)
