"""Makefile recipes that run spark-submit: read with the shell tokenizer, each setting at its line and column
of the Makefile; make's own lines and `$(VAR)` are not judged; a Makefile that names no launcher is skipped."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from hostile import check_promises, outputs
from sparklint.load.makefile import makefile_commands
from test_fuzz_hostile import EXAMPLES

MAKEFILE = ("APP = jobs/etl.py\n"
            "SPARK_OPTS = --conf spark.executor.memmory=4g\n"
            "\n"
            ".PHONY: run\n"
            "run:\n"
            "\t@echo submitting\n"
            "\t@spark-submit --master yarn \\\n"
            "\t  --executor-memory 3g \\\n"
            "\t  --conf spark.sql.shuffle.partitions=0 \\\n"
            "\t  $(SPARK_OPTS) --executor-cores $(CORES) $(APP)\n")


def test_recipe_settings_point_at_the_makefile(lint):
    run = lint({"Makefile": MAKEFILE})
    # SL006 at the setting of line 9; nothing on make's own SPARK_OPTS line (line 2) or on $(CORES), and no
    # SL411 after $(SPARK_OPTS), which make may expand to options.
    assert run.rules() == [("SL006", 9, MAKEFILE.split("\n")[8].index("spark.sql") + 1)]


def test_explain_reads_the_recipe(lint):
    run = lint({"Makefile": MAKEFILE}, "explain", "--format", "json")
    (config,) = run.findings["configs"]
    memory = next(item for item in config["settings"] if item["key"] == "spark.executor.memory")
    assert memory["value"] == "3g" and "Makefile:8 (--executor-memory in Makefile recipe)" in memory["source"]
    assert config["platform"] == "yarn"


def test_make_files_are_walked_and_others_skipped(lint):
    files = {"build/spark.mk": "submit:\n\tspark-submit --master local[2] --conf spark.task.cpus=4 app.py\n",
             "GNUmakefile": "all:\n\tgo build ./...\n", "Makefile.am": "bin_PROGRAMS = x\n"}
    run = lint(files, "--verbose")
    assert [(finding["path"], finding["rule"]) for finding in run.findings] == [("build/spark.mk", "SL204")]
    assert "GNUmakefile" in run.err  # read, and not a Spark configuration


def test_make_prefixes_are_make_s_own():
    text = "a:\n\t@-+ spark-submit --conf spark.x=1 app.py\nb: a\n\techo $$HOME\n"
    commands = makefile_commands(text).commands
    words = [[word.value for word in command.words] for command in commands]
    assert words == [["spark-submit", "--conf", "spark.x=1", "app.py"], ["echo", "$$HOME"]]
    assert text[commands[0].words[0].start:].startswith("spark-submit")


@settings(max_examples=max(50, EXAMPLES // 3), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(["\t", "spark-submit", " --conf ", "spark.executor.memory=", "4g", "$(X)", "$$Y", "\\",
                                 "\n", "a:", " = ", "@", "-", "'", '"', "#", "app.py", "\r", "\t--num-executors 2"]),
                max_size=40).map("".join))
def test_hostile_makefiles_keep_every_promise(text):
    root = Path(tempfile.mkdtemp(prefix="sparklint-make-"))
    try:
        (root / "Makefile").write_text(text, encoding="utf-8")
        check_promises(outputs(root), [])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_options_after_an_unquoted_expansion_are_not_after_the_application(lint):
    # `$OPTS` may be options the shell splits into words: not known to be the application resource.
    script = "#!/bin/bash\nspark-submit --master yarn $OPTS --executor-cores 2 app.py\n"
    late = "#!/bin/bash\nspark-submit --master yarn app.py --executor-cores 2\n"
    assert lint({"run.sh": script}).findings == []
    assert [rule for rule, _, _ in lint({"late.sh": late}, paths=("late.sh",)).rules()] == ["SL411"]
