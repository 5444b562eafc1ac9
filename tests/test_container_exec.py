"""spark-submit run inside a container (`docker exec`, `docker compose exec`, `kubectl exec ... --`, also through
`bash -c "..."`) in shell scripts and Makefiles, and in CI pipeline steps (GitHub Actions `run:`, GitLab CI
`script:`, Azure Pipelines `script:`): each setting at its line and column of the file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from hostile import check_promises, outputs
from test_fuzz_hostile import EXAMPLES

SCRIPT = ("#!/bin/bash\n"
          "docker exec -it -e FOO=1 --user spark spark-master /opt/spark/bin/spark-submit \\\n"
          "  --conf spark.executor.memory=4x /opt/app/job.py\n"
          "docker compose -f compose.yml exec -T spark spark-submit --conf spark.sql.shuffle.partition=8 job.py\n"
          "kubectl -n spark exec -it driver -c main -- spark-submit --executor-memory 2q app.py\n"
          "docker exec spark-master bash -c \"spark-submit --conf spark.executor.cores=x /app/a.py\"\n"
          "sudo docker-compose exec spark-master spark-submit --num-executors 2\n"
          "   --executor-memory 2g job.py\n"
          "docker exec spark-master ls /opt --conf spark.executor.memory=4x\n"
          "docker run spark spark-submit --conf spark.executor.memory=4x a.py\n"
          "kubectl exec driver spark-submit --conf spark.executor.memory=4x a.py\n")


def _column(text: str, line: int, needle: str) -> int:
    return text.split("\n")[line - 1].index(needle) + 1


def test_spark_submit_in_a_container_is_read_at_its_words(lint):
    run = lint({"submit.sh": SCRIPT})
    assert run.rules() == [
        ("SL006", 3, _column(SCRIPT, 3, "spark.executor.memory")),
        ("SL003", 4, _column(SCRIPT, 4, "spark.sql")),
        ("SL006", 5, _column(SCRIPT, 5, "2q")),
        ("SL006", 6, _column(SCRIPT, 6, "spark.executor.cores")),
        ("SL410", 7, len(SCRIPT.split("\n")[6])),  # the last word, "2"
    ]


def test_other_container_commands_are_not_spark_submit(lint):
    # `ls` in the container; `docker run` (an image's entrypoint may take the words) and `kubectl exec` without
    # `--` are not read.
    text = "\n".join(SCRIPT.split("\n")[8:])
    assert lint({"other.sh": "#!/bin/sh\n" + text}).findings == []


def test_a_makefile_recipe_running_spark_submit_in_a_container(lint):
    text = "submit:\n\tdocker compose exec spark-master spark-submit --conf spark.executor.memory=4x job.py\n"
    assert lint({"Makefile": text}).rules() == [("SL006", 2, _column(text, 2, "spark.executor.memory"))]


WORKFLOW = ("name: etl\n"
            "on:\n"
            "  push:\n"
            "jobs:\n"
            "  run:\n"
            "    runs-on: ubuntu-latest\n"
            "    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - name: submit\n"
            "        run: |\n"
            "          docker compose up -d\n"
            "          docker exec spark-master spark-submit --master spark://spark-master:7077 \\\n"
            "            --conf spark.executor.memory=4x /app/job.py\n"
            "      - name: not shell\n"
            "        shell: python\n"
            "        run: print('spark-submit --conf spark.executor.memory=4x')\n"
            "      - run: spark-submit --conf spark.sql.shuffle.partition=8 job.py\n")
GITLAB = ("stages: [test]\n"
          "spark:\n"
          "  stage: test\n"
          "  script:\n"
          "    - spark-submit --executor-memory 1x job.py\n"
          "    - echo done\n")
AZURE = ("trigger: [main]\n"
         "jobs:\n"
         "  - job: spark\n"
         "    steps:\n"
         "      - script: spark-submit --conf spark.executor.cores=0x job.py\n")


def test_ci_steps_are_shell_scripts(lint):
    run = lint({".github/workflows/etl.yml": WORKFLOW, ".gitlab-ci.yml": GITLAB, "azure-pipelines.yml": AZURE})
    assert [(finding["path"], finding["rule"], finding["line"], finding["column"]) for finding in run.findings] == [
        (".github/workflows/etl.yml", "SL006", 13, _column(WORKFLOW, 13, "spark.executor")),
        (".github/workflows/etl.yml", "SL003", 17, _column(WORKFLOW, 17, "spark.sql")),
        (".gitlab-ci.yml", "SL006", 5, _column(GITLAB, 5, "1x")),
        ("azure-pipelines.yml", "SL006", 5, _column(AZURE, 5, "spark.executor")),
    ]


def test_explain_shows_a_ci_step_setting_at_its_line(lint):
    run = lint({".gitlab-ci.yml": GITLAB}, "explain", "--format", "json")
    (config,) = run.findings["configs"]
    memory = next(item for item in config["settings"] if item["key"] == "spark.executor.memory")
    assert memory["value"] == "1x" and ".gitlab-ci.yml:5" in memory["source"]


def test_pipelines_that_run_no_spark_are_quiet(lint):
    workflow = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: pytest -q  # emr tests\n      - run: echo spark-submit is documented\n")
    run = lint({".github/workflows/ci.yml": workflow, ".gitlab-ci.yml": "test:\n  script: [make test]\n"})
    assert run.code == 0 and run.findings == []


@settings(max_examples=max(50, EXAMPLES // 3), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(["docker", " exec", " compose", " -it", " -e", " X=1", " c", " --", " kubectl",
                                 " spark-submit", " --conf ", "spark.executor.memory=", "4g", " bash -c ", "'", '"',
                                 "\\\n", "\n", " app.py", "$C", " -u"]), max_size=30).map("".join))
def test_hostile_container_commands_keep_every_promise(text):
    root = Path(tempfile.mkdtemp(prefix="sparklint-exec-"))
    try:
        (root / "run.sh").write_text(text, encoding="utf-8")
        (root / ".gitlab-ci.yml").write_text("job:\n  script:\n    - " + text.replace("\n", "\n    - "),
                                             encoding="utf-8")
        check_promises(outputs(root), [])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_script_key_outside_a_gitlab_file_is_not_a_ci_step():
    from sparklint.dialects import ci_steps
    from sparklint.load import load

    text = "job:\n  script: spark-submit --conf spark.executor.memory=4x job.py\n"
    (document,), _ = load("values.yaml", text)
    assert ci_steps.recognise(document) is None
    (document,), _ = load(".gitlab-ci.yml", text)
    assert [setting.value for config in ci_steps.recognise(document) for setting in config.settings] == ["4x"]
