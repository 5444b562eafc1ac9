"""SL410 broken-line-continuation: a multi-line spark-submit command whose line ends without `\\`.

## What it flags
A command that launches Spark (`spark-submit`, `pyspark`, `spark-shell`, `spark-sql`) in a shell script
or Dockerfile, written over several lines, where one line does not end with a backslash (or ends with
a backslash followed by a space) while the next line goes on with spark-submit options or the
application file.

## Why is this bad?
The shell ends the command at that line break. spark-submit runs with the options read so far and,
without an application resource, exits with "Missing application resource" (the launcher) or "Must
specify a primary resource (JAR or Python or R file)"; the shell then runs the next line as a command
of its own (`--conf: command not found`, or the application file run by itself). A backslash followed
by a space escapes the space, not the line break, so the command ends there too (and the escaped
space reaches spark-submit as an argument).

## Example
```sh submit.sh
spark-submit --master yarn --deploy-mode cluster \\
  --driver-memory 3G \\
  --conf spark.driver.memoryOverhead=1G
  main.py 2022-08-03
```

## Use instead
```sh submit.sh
spark-submit --master yarn --deploy-mode cluster \\
  --driver-memory 3G \\
  --conf spark.driver.memoryOverhead=1G \\
  main.py 2022-08-03
```

## Options
None.

## References
- bash(1), "QUOTING": "A non-quoted backslash (\\\\) is the escape character ... If a \\\\<newline> pair
  appears, and the backslash is not itself quoted, the \\\\<newline> is treated as a line continuation";
  POSIX Shell Command Language 2.2.1 Escape Character:
  https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html
- Spark `launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java`
  (`buildSparkSubmitArgs`: "Missing application resource.") and
  `core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala` (`validateSubmitArguments`:
  "Must specify a primary resource (JAR or Python or R file)").
"""

from __future__ import annotations

from typing import Iterator

from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    launch = config.launch
    broken = getattr(launch, "broken", None)
    if broken is None:
        return
    how = ("ends with a backslash followed by a blank, which escapes the blank, not the line break"
           if broken.blank_after_backslash else "does not end with a backslash")
    if launch.missing_resource:
        outcome = (f"{launch.program} runs without an application and exits (\"Missing application resource\")")
    else:
        outcome = f"{launch.program} runs without the options of the lines that follow"
    yield Hit(f"line {broken.line} {how}, so the {launch.program} command ends there: {outcome}, and the "
              f"shell then runs line {broken.next_line} ({broken.next_text}) as a command of its own",
              f"End line {broken.line} with a backslash and nothing after it, so the command goes on to "
              f"line {broken.next_line}.",
              at=broken.line_end)


RULE = Rule(
    id="SL410",
    name="broken-line-continuation",
    severity="error",
    summary="A multi-line spark-submit command cut short by a line without a trailing backslash.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session"),
)
