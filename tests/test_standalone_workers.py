"""SL412: a spark-submit in a docker-compose file against the file's own standalone Master, asking for
executors bigger than every worker service of that Master; quiet whenever one worker could take one, or
a worker's size or Master is not known from the file."""

from __future__ import annotations


def compose(*, worker_memory: str = "1G", worker_cores: str = "2", submit: str = "--executor-memory 2g",
            master_url: str = "spark://spark-master:7077", second_worker: str = "") -> str:
    return ("services:\n"
            "  spark-master:\n"
            "    image: bitnami/spark:3.5\n"
            "    environment:\n"
            "      - SPARK_MODE=master\n"
            "  spark-worker:\n"
            "    image: bitnami/spark:3.5\n"
            "    environment:\n"
            "      - SPARK_MODE=worker\n"
            f"      - SPARK_MASTER_URL={master_url}\n"
            f"      - SPARK_WORKER_MEMORY={worker_memory}\n"
            f"      - SPARK_WORKER_CORES={worker_cores}\n"
            f"{second_worker}"
            "  job:\n"
            "    image: bitnami/spark:3.5\n"
            f"    command: spark-submit --master spark://spark-master:7077 {submit} /app/job.py\n")


def sl412(run) -> list[tuple[int, int]]:
    return [(line, column) for rule, line, column in run.rules() if rule == "SL412"]


def test_an_executor_larger_than_every_worker_is_reported_at_the_executor_memory(lint):
    text = compose()
    run = lint({"docker-compose.yml": text})
    line = text.count("\n", 0, text.index("--executor-memory")) + 1
    assert sl412(run) == [(line, text.split("\n")[line - 1].index("2g") + 1)]
    (finding,) = [finding for finding in run.findings if finding["rule"] == "SL412"]
    assert finding["severity"] == "warning"
    assert "2048 MiB of heap" in finding["message"] and "offers 1024 MiB (SPARK_WORKER_MEMORY=1G" in finding["message"]
    assert "docker-compose.yml:11" in finding["message"]  # where the worker's memory is written


def test_the_default_executor_heap_against_a_small_worker_points_at_the_worker(lint):
    text = compose(worker_memory="512m", submit="--executor-cores 1")
    run = lint({"docker-compose.yml": text})
    assert sl412(run) == [(11, 29)]  # SPARK_WORKER_MEMORY=512m: the value
    assert "needs 1024 MiB of heap [Spark default 1g" in run.findings[0]["message"]
    assert "offers 512 MiB (SPARK_WORKER_MEMORY=512m of service spark-worker [docker-compose.yml:11])" in \
        run.findings[0]["message"]


def test_too_many_cores_per_executor(lint):
    run = lint({"docker-compose.yml": compose(worker_memory="8G", submit="--executor-cores 4")})
    (finding,) = [finding for finding in run.findings if finding["rule"] == "SL412"]
    assert "4 cores" in finding["message"] and "offers 2 cores (SPARK_WORKER_CORES=2" in finding["message"]


def test_quiet_when_an_executor_fits_or_a_size_is_unknown(lint):
    fits = compose(worker_memory="2G")
    bigger_second = compose(second_worker=("  big-worker:\n    image: bitnami/spark:3.5\n    environment:\n"
                                           "      - SPARK_MODE=worker\n      - SPARK_MASTER_URL=spark://spark-master:7077\n"
                                           "      - SPARK_WORKER_MEMORY=8G\n"))
    unknown_master = compose(second_worker="  other-worker:\n    image: bitnami/spark:3.5\n    environment:\n"
                                           "      - SPARK_MODE=worker\n")
    custom_worker = compose(second_worker="  spark-worker-b:\n    image: my/spark\n    environment:\n"
                                          "      - SPARK_WORKLOAD=worker\n      - SPARK_WORKER_MEMORY=8G\n")
    templated = compose(worker_memory="${WORKER_MEMORY:-1G}")
    bytes_only = compose(worker_memory="1073741824")  # a bare number is bytes to Utils.memoryStringToMb: not judged
    other_master = compose(master_url="spark://elsewhere:7077")
    for text in (fits, bigger_second, unknown_master, custom_worker, templated, bytes_only, other_master):
        run = lint({"docker-compose.yml": text})
        assert sl412(run) == [], text


def test_a_worker_started_by_its_command_is_a_worker_too(lint):
    text = ("services:\n  master:\n    image: apache/spark:3.5.1\n"
            "    command: /opt/spark/bin/spark-class org.apache.spark.deploy.master.Master\n"
            "  worker:\n    image: apache/spark:3.5.1\n"
            "    command: /opt/spark/bin/spark-class org.apache.spark.deploy.worker.Worker spark://master:7077\n"
            "    environment:\n      SPARK_WORKER_MEMORY: 2g\n"
            "  submit:\n    image: apache/spark:3.5.1\n"
            "    command: [\"/opt/spark/bin/spark-submit\", \"--master\", \"spark://master:7077\", "
            "\"--conf\", \"spark.executor.memory=3g\", \"/app/job.py\"]\n")
    run = lint({"compose.yaml": text})
    assert [line for line, _ in sl412(run)] == [12]
    flagged = text.replace("org.apache.spark.deploy.worker.Worker spark://master:7077",
                           "org.apache.spark.deploy.worker.Worker --memory 8g spark://master:7077")
    assert sl412(lint({"compose.yaml": flagged})) == []  # --memory beats the environment: 8g fits
