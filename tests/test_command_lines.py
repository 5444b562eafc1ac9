"""Command lines in shell scripts: the tokenizer, the launchers it finds, and what a user sees."""

from __future__ import annotations

import re

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.cli import main
from sparklint.dialects.command_line import configs_from_commands
from sparklint.load.shell import dockerfile_commands, tokenize
from sparklint.tree import Document

FIXTURES = Path(__file__).parent / "fixtures" / "command_lines"


def words(text: str) -> list[list[str]]:
    return [[token.value for token in command.words] for command in tokenize(text).commands]


# The tokenizer ------------------------------------------------------------------------------------

def test_quotes_continuations_and_comments():
    text = "spark-submit --conf 'a=1 2' \\\n  --conf \"b=$X\" x\\ y # --conf c=3\nnext one\n"
    assert words(text) == [["spark-submit", "--conf", "a=1 2", "--conf", "b=$X", "x y"], ["next", "one"]]


def test_every_character_keeps_its_offset():
    text = "run --conf='k=v' \"$A\"b"
    script = tokenize(text)
    conf, template = script.commands[0].words[1:]
    assert [text[offset] for offset in conf.offsets] == list("--conf=k=v")
    assert template.value == "$Ab" and template.templated
    assert not conf.templated


def test_expansions_stay_one_word_and_operators_end_commands():
    text = 'a $(echo "x y" | tr x z) ${B:-c d}; b && c | d\n'
    # The commands inside a $(...) come after the script's own ones, one level deep.
    assert words(text) == [["a", '$(echo "x y" | tr x z)', "${B:-c d}"], ["b"], ["c"], ["d"],
                           ["echo", "x y"], ["tr", "x", "z"]]
    assert words("x=$(a $(b c)) $((1 + 2))\n") == [["x=$(a $(b c))", "$((1 + 2))"], ["a", "$(b c)"]]


def test_redirections_are_not_words_and_heredocs_are_skipped():
    text = "spark-submit app.py 2>&1 > out.log\ncat > f <<'EOF'\nspark-submit --conf x\nEOF\necho done\n"
    script = tokenize(text)
    assert [[token.value for token in command.words] for command in script.commands] == [
        ["spark-submit", "app.py"], ["cat"], ["echo", "done"]]
    body = script.heredocs[0]
    assert text[body.start:body.end] == "spark-submit --conf x\n"


def test_dockerfile_shell_and_exec_forms():
    text = ('FROM apache/spark:3.5.1\n# RUN spark-submit nothing\nRUN pip install x && \\\n'
            '    spark-submit --version\n'
            'CMD ["/opt/spark/bin/spark-submit", "--conf", "spark.executor.cores=2", "app.py"]\n'
            'ENTRYPOINT ["/bin/bash", "-c", "spark-submit --master local app.py"]\n')
    commands = [[token.value for token in command.words] for command in dockerfile_commands(text).commands]
    assert commands == [["pip", "install", "x"], ["spark-submit", "--version"],
                        ["/opt/spark/bin/spark-submit", "--conf", "spark.executor.cores=2", "app.py"],
                        ["spark-submit", "--master", "local", "app.py"]]
    cores = dockerfile_commands(text).commands[2].words[2]
    assert text[cores.start:cores.end] == 'spark.executor.cores=2"'
    assert text[cores.offsets[0]] == "s"


def test_dockerfile_command_lines_are_linted(lint):
    text = ('FROM apache/spark:3.5.1\nRUN echo build\n'
            'CMD ["/opt/spark/bin/spark-submit", "--conf", "spark.executor.memory=4x", "app.py"]\n'
            'ENTRYPOINT ["/bin/bash", "-c", "spark-submit --conf spark.driver.memory=2q app.py"]\n')
    run = lint({"Dockerfile": text})
    lines = text.split("\n")
    assert run.rules() == [("SL006", 3, lines[2].index("spark.executor.memory") + 1),
                           ("SL006", 4, lines[3].index("spark.driver.memory") + 1)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("ab =-\\'\"$(){}`#;&|<>\n\t\r") + [
    "spark-submit ", "<<E\n", "\nE\n", "--conf ", "aws emr add-steps --steps Args=[", "gcloud dataproc jobs submit spark ",
    "--properties=^#^", " --job-driver '{", "pyspark "]), max_size=80).map("".join))
def test_fuzzed_shell_never_raises_and_offsets_stay_in_the_text(text):
    started = time.perf_counter()
    script = tokenize(text)
    for command in script.commands:
        for token in command.words:
            assert 0 <= token.start <= token.end <= len(text)
            assert all(0 <= offset < len(text) for offset in token.offsets)
    document = Document("f.sh", "shell", script, text)
    for config in configs_from_commands(document, script.commands, ""):
        for setting in config.settings:
            assert setting.span is not None
    assert time.perf_counter() - started < 2


def test_a_long_hostile_script_is_linear():
    text = ("$(" * 5000) + ("'" * 5001) + ('"\\' * 5000) + ("spark-submit --conf a=b \\\n" * 2000)
    started = time.perf_counter()
    tokenize(text)
    tokenize(("$(" * 20000) + (")" * 20000))  # nested substitutions: only the first level is re-read
    assert time.perf_counter() - started < 2


# What the user sees -------------------------------------------------------------------------------

def test_real_script_with_a_broken_continuation(lint):
    """corpus2/056: the `--conf spark.driver.memoryOverhead=1G` line has no trailing backslash."""
    text = (FIXTURES / "056-spark-submit.sh").read_text(encoding="utf-8")
    run = lint({"sbdl_submit.sh": text})
    assert run.code == 1
    assert run.rules() == [("SL410", 6, 8)]
    message = run.findings[0]["message"]
    assert "line 6 does not end with a backslash" in message and "Missing application resource" in message
    assert "line 7 (sbdl_main.py qa 2022-08-03)" in message


def test_real_gcloud_script_is_read_and_quiet(lint, capsys):
    """corpus2/050 (`none`): gcloud dataproc jobs submit pyspark --properties k=v,..."""
    text = (FIXTURES / "050-dataproc-gcloud-submit.sh").read_text(encoding="utf-8")
    run = lint({"submit-job.sh": text})
    assert (run.code, run.findings) == (0, [])
    main(["explain", "submit-job.sh"])
    out = capsys.readouterr().out
    assert "job 'gcloud dataproc jobs submit pyspark', platform dataproc" in out
    # The table pads its columns to the longest key the file writes.
    assert re.search(r"spark\.executor\.memoryOverheadFactor +0\.4 +submit-job\.sh:10 \(--properties", out)


def test_spark_submit_mistakes_point_at_their_words(lint):
    script = ("#!/bin/bash\n$SPARK_HOME/bin/spark-submit \\\n  --master yarn \\\n"
              "  --conf spark.executor.cores \\\n  --num-executor 4 \\\n  app.py\n")
    run = lint({"submit": script}, paths=("submit",))  # no suffix: read for its shebang
    assert run.rules() == [("SL001", 4, 10), ("SL001", 5, 3)]
    assert "Invalid argument to --conf" in run.findings[0]["message"]
    assert "Unrecognized option '--num-executor'" in run.findings[1]["message"]


def test_missing_application_and_special_classes(lint):
    run = lint({"run.sh": "spark-submit --master local --conf spark.ui.enabled=false\n"
                          "spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer\n"
                          "spark-submit --version\npyspark --master local[2]\nspark-sql -e 'select 1'\n"})
    assert run.rules() == [("SL001", 1, 36)]
    assert "Missing application resource" in run.findings[0]["message"]


def test_settings_follow_flags_then_last_conf_and_skip_templates(lint, capsys):
    script = ("spark-submit --master yarn --conf spark.executor.memory=2g --conf spark.executor.memory=3g "
              "--conf spark.driver.memory=${MEM} --conf spark.executor.cores=4$X --executor-cores 2 app.py\n")
    lint({"run.sh": script})
    main(["explain", "run.sh"])
    out = capsys.readouterr().out
    assert "spark.executor.memory                 3g" in out  # the last --conf wins
    assert "spark.executor.cores                  2           run.sh:1 (--executor-cores" in out  # flag beats --conf
    assert "4$X" not in out  # computed at run time: not a value to judge


def test_gcloud_custom_delimiter_and_emr_cli(lint):
    script = ("gcloud dataproc jobs submit pyspark job.py --cluster c "
              "--properties='^#^spark.jars.packages=a,b#spark.executor.memory=4x'\n"
              "aws emr add-steps --cluster-id j-1 --steps Type=Spark,Name=s,Args=[--conf,spark.executor.memory=4x,app.py]\n"
              "aws emr-serverless start-job-run --application-id a --job-driver '{\"sparkSubmit\": "
              "{\"entryPoint\": \"s3://b/m.py\", \"sparkSubmitParameters\": \"--conf spark.executor.cores=3\"}}'\n")
    run = lint({"jobs.sh": script})
    lines = script.split("\n")
    assert run.rules() == [
        ("SL006", 1, lines[0].index("spark.executor.memory=4x") + 1),  # inside the ^#^ list
        ("SL006", 2, lines[1].index("spark.executor.memory=4x") + 1),  # inside Args=[...]
        ("SL301", 3, lines[2].index("spark.executor.cores=3") + 1)]  # inside the JSON's sparkSubmitParameters


def test_scripts_without_launchers_are_not_read(lint):
    run = lint({"build.sh": "#!/bin/sh\nset -e\nmake all\n", "Dockerfile": "FROM python:3.12\nRUN pip install x\n"},
               "--verbose")
    assert run.code == 0 and run.findings == []


def test_inline_suppression_in_a_script(lint):
    script = ("spark-submit --master yarn \\\n  --conf spark.ui.enabled=false  # sparklint: disable=SL410\n  app.py\n"
              "spark-submit --conf spark.executor.memory=4x app.py  # sparklint: disable=SL006\n")
    assert lint({"run.sh": script}).findings == []


# docker-compose and Kubernetes containers ---------------------------------------------------------

def test_real_compose_file_credentials_of_spark_services(lint):
    """corpus2/058: AWS_SECRET_ACCESS_KEY=password in the three Spark services (not in minio, mc, iceberg-rest
    or postgres, which are not Spark); the value never appears."""
    text = (FIXTURES / "058-docker-compose.yml").read_text(encoding="utf-8")
    run = lint({"docker-compose.yml": text})
    assert run.rules() == [("SL601", 20, 9), ("SL601", 87, 9), ("SL601", 116, 9)]
    assert all("AWS_SECRET_ACCESS_KEY" in finding["message"] for finding in run.findings)
    assert "password" not in run.out
    assert "service spark-connect" in run.findings[1]["message"]


def test_real_compose_file_without_problems_is_quiet(lint):
    """corpus2/059 (`none`): SPARK_WORKER_MEMORY=9g, a credentials *path* in the environment."""
    text = (FIXTURES / "059-docker-compose.yml").read_text(encoding="utf-8")
    run = lint({"docker-compose.yml": text}, "--verbose")
    assert (run.code, run.findings) == (0, [])


def test_compose_command_and_daemon_options(lint, capsys):
    text = ("services:\n  spark:\n    image: apache/spark:3.5.1\n    environment:\n"
            "      SPARK_HISTORY_OPTS: -Dspark.history.fs.cleaner.enabled=maybe\n"
            "    command: /opt/spark/bin/spark-submit --conf spark.executor.memory=4x app.py\n"
            "  web:\n    image: nginx\n    environment:\n      - DB_PASSWORD=hunter2\n")
    run = lint({"compose.yaml": text})
    lines = text.split("\n")
    assert run.rules() == [("SL006", 5, lines[4].index("spark.history") + 1),
                           ("SL006", 6, lines[5].index("spark.executor.memory") + 1)]


def test_kubernetes_container_args(lint):
    text = ("apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers:\n"
            "        - name: submit\n          image: apache/spark:3.5.1\n"
            "          command: [\"/opt/spark/bin/spark-submit\"]\n"
            "          args:\n            - --master\n            - k8s://https://kubernetes.default.svc\n"
            "            - --conf\n            - spark.executor.memory=4x\n            - local:///app.py\n"
            "        - name: other\n          command: [\"sh\", \"-c\", \"echo spark-submit\"]\n")
    run = lint({"job.yaml": text})
    assert run.rules() == [("SL006", 14, 15)]


def test_compose_and_pods_without_spark_are_not_read(lint):
    run = lint({"docker-compose.yml": "services:\n  db:\n    image: postgres\n    environment:\n"
                                      "      - POSTGRES_PASSWORD=password\n",
                "pod.yaml": "kind: Pod\nspec:\n  containers:\n    - name: a\n      command: [sleep, '1']\n"})
    assert run.findings == []


def test_options_after_the_application_are_its_arguments(lint):
    script = ("spark-submit --master yarn \\\n  main.py --date 2024-01-01 \\\n  --conf spark.executor.memory=8g\n"
              "pyspark --conf spark.ui.enabled=false\n"
              "spark-submit --class org.example.Main app.jar --input s3://b/in\n")
    run = lint({"submit.sh": script})
    assert run.rules() == [("SL411", 3, 3)]
    assert "comes after the application resource (line 2)" in run.findings[0]["message"]
    assert run.code == 1


def test_spark_defaults_written_by_a_heredoc(lint):
    script = ("#!/bin/bash\ncat > \"$SPARK_HOME/conf/spark-defaults.conf\" <<EOF\nspark.master  yarn\n"
              "spark.executor.memory  4g\nspark.executor.memory  8g\nEOF\ncat > notes.txt <<EOF\nspark.x 1\n"
              "spark.x 2\nEOF\n")
    run = lint({"setup.sh": script})
    assert run.rules() == [("SL002", 4, 24)]  # the heredoc's own line and column, in the script
    assert "setup.sh:5" in run.findings[0]["message"]


def test_a_job_started_inside_a_command_substitution_is_read_with_its_release(lint, capsys):
    # aws-samples/emr-on-eks-benchmark captures the job id: JOB_ID=$(aws emr-containers start-job-run ...).
    script = ("#!/bin/bash\n"
              "JOB_ID=$(aws emr-containers start-job-run \\\n"
              "  --virtual-cluster-id $VIRTUAL_CLUSTER_ID --name bench \\\n"
              "  --release-label emr-6.10.0-latest \\\n"
              "  --job-driver '{\"sparkSubmitJobDriver\": {\"entryPoint\": \"s3://b/app.jar\", "
              "\"sparkSubmitParameters\": \"--conf spark.executor.memory=4x\"}}' \\\n"
              "  --query id --output text)\n"
              "echo $JOB_ID\n")
    run = lint({"bench.sh": script})
    lines = script.split("\n")
    assert run.rules() == [("SL006", 5, lines[4].index("spark.executor.memory=4x") + 1)]
    assert run.findings[0]["severity"] == "error" and run.code == 1
    capsys.readouterr()
    assert main(["explain", "bench.sh"]) == 0
    assert "from releaseLabel emr-6.10.0-latest at bench.sh:4 (Spark 3.3.1" in capsys.readouterr().out
