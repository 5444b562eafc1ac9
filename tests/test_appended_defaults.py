"""Spark settings a script writes into a spark-defaults.conf line by line (Dataproc initialization actions,
EMR bootstrap actions): `echo "k v" >> .../spark-defaults.conf`, `printf` with one argument, `| tee -a`,
read as that file, every entry at its characters in the script."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.dialects import recognise
from sparklint.load.shell import load_script

INIT_ACTION = """#!/bin/bash
# Dataproc initialization action: Spark settings for every job on the cluster.
set -euxo pipefail
ROLE=$(/usr/share/google/get_metadata_value attributes/dataproc-role)
if [[ "${ROLE}" == 'Master' ]]; then
  echo "spark.executor.memory 4g" >> /etc/spark/conf/spark-defaults.conf
  echo "spark.sql.shuffle.partitionz=400" >> /etc/spark/conf/spark-defaults.conf
  echo "spark.dynamicAllocation.enabled maybe" | sudo tee -a /etc/spark/conf/spark-defaults.conf
  echo "spark.executor.memry 2g" >> /var/log/init-action.log
fi
"""


def _column(text: str, line: int, needle: str) -> int:
    return text.splitlines()[line - 1].index(needle) + 1


def test_echo_and_tee_lines_are_read_where_they_are_written(lint):
    run = lint({"init.sh": INIT_ACTION})
    assert run.rules() == [("SL003", 7, _column(INIT_ACTION, 7, "spark.sql")),
                           ("SL006", 8, _column(INIT_ACTION, 8, "maybe"))]
    assert all(finding["path"] == "init.sh" for finding in run.findings)  # not the log line on line 9


def test_printf_and_echo_e_escapes_make_lines(lint):
    script = ("#!/bin/sh\n"
              "printf 'spark.eventLog.enabled true\\nspark.executor.memry 2g\\n' >> \"$SPARK_HOME/conf/spark-defaults.conf\"\n"
              "echo -e \"spark.eventLog.compress true\\nspark.driver.memoryy 1g\" >>$SPARK_CONF_DIR/spark-defaults.conf\n"
              "printf 'spark.%s 1\\n' executor.memry >> $SPARK_HOME/conf/spark-defaults.conf\n")
    run = lint({"bootstrap.sh": script})
    assert run.rules() == [("SL003", 2, _column(script, 2, "spark.executor.memry")),
                           ("SL003", 3, _column(script, 3, "spark.driver.memoryy"))]  # printf with arguments: not read


def test_writes_elsewhere_and_scripts_without_them_stay_quiet(lint):
    script = ("#!/bin/bash\n"
              "echo \"spark.executor.memry 2g\" >> /tmp/notes.txt\n"
              "echo \"see spark-defaults.conf > for details\"\n"
              "echo 'export SPARK_HOME=/opt/spark' >> ~/.bashrc\n")
    run = lint({"setup.sh": script})
    assert run.findings == []


_PIECES = ["echo ", "printf ", "-e ", "-n ", "\"", "'", "spark.executor.memory 4g", "spark.x=1", "\\n", "\\\\",
           ">> ", "> ", "| tee -a ", "sudo ", "/etc/spark/conf/spark-defaults.conf", "$SPARK_HOME", "\n", " ",
           "%s", "%%", ";", "&&", "then ", "<<EOF\n", "EOF\n", "é", "\t", "#"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=50))
def test_fuzzed_scripts_never_raise(pieces):
    text = "#!/bin/sh\n" + "".join(pieces) + "\n"
    started = time.perf_counter()
    for document in load_script("fuzz.sh", text, "shell"):
        for config in recognise(document):
            for setting in config.settings:
                span = setting.span
                assert span is None or 1 <= span.line <= text.count("\n") + 1
    assert time.perf_counter() - started < 2.0
