"""Linting many files in parallel gives exactly what one process gives, EMR Serverless applications
matched with their jobs across worker boundaries included."""

from __future__ import annotations

import json

from sparklint.runner import PARALLEL_MIN_FILES


def test_parallel_run_equals_serial_run(lint):
    files = {}
    for number in range(PARALLEL_MIN_FILES + 20):
        folder = f"d{number % 7}"
        if number % 5 == 0:
            files[f"{folder}/job{number}.json"] = json.dumps({"jobDriver": {"sparkSubmit": {
                "entryPoint": "s3://b/m.py", "sparkSubmitParameters": f"--conf spark.executor.instances={number % 12}"}}})
        elif number % 5 == 1:
            files[f"{folder}/spark-defaults-{number}.conf"] = "spark.master yarn\nspark.executor.memory 1.5g\n"
        elif number % 5 == 2:
            files[f"{folder}/session{number}.json"] = '{"numExecutors": 2, "conf": {"spark.executor.instances": "8"}}'
        else:
            files[f"{folder}/values{number}.yaml"] = "image: nginx\nreplicas: 3\n"
    # One application, far from the jobs in file order: its disk cap binds every job in the run.
    files["zz/app.json"] = json.dumps({"name": "a", "releaseLabel": "emr-7.1.0", "type": "SPARK",
                                       "maximumCapacity": {"cpu": "400vCPU", "memory": "3000GB", "disk": "100GB"}})
    serial = lint(files, "-j", "1")
    parallel = lint({}, "-j", "2")
    assert serial.code == parallel.code == 1
    assert parallel.findings == serial.findings
    rules = {finding["rule"] for finding in serial.findings}
    assert {"SL201", "SL304", "SL006", "SL007"} <= rules


def test_parallel_check_of_many_emr_serverless_jobs_equals_serial(lint, monkeypatch):
    """Hundreds of EMR Serverless jobs: they wait for their application, then are checked in forked
    workers too (FileRunner.finish); the findings are those of one process."""
    import sparklint.runner as runner

    used = []
    real = runner._in_workers
    monkeypatch.setattr(runner, "_in_workers", lambda work, *rest: used.append(work.__name__) or real(work, *rest))
    files = {}
    for number in range(PARALLEL_MIN_FILES + 20):
        files[f"d{number % 5}/job{number}.json"] = json.dumps({"applicationId": "00app", "jobDriver": {"sparkSubmit": {
            "entryPoint": "s3://b/m.py",
            "sparkSubmitParameters": f"--conf spark.executor.instances={number % 12} "
                                     f"--conf spark.executor.memory={1 + number % 3}g"}}})
    files["zz/app.json"] = json.dumps({"applicationId": "00app", "name": "a", "releaseLabel": "emr-7.1.0",
                                       "type": "SPARK", "maximumCapacity": {"cpu": "400vCPU", "memory": "3000GB",
                                                                            "disk": "100GB"}})
    serial = lint(files, "-j", "1")
    parallel = lint({}, "-j", "2")
    assert serial.code == parallel.code == 1
    assert parallel.findings == serial.findings
    assert sum(finding["rule"] == "SL304" for finding in serial.findings) > 100
    assert "_check_kept_slice" in used or not runner._can_fork()  # the jobs were checked in workers


def test_positions_are_worked_out_only_for_files_with_findings():
    """Speed: a clean file's positions are never computed (spark-defaults and JSON fill them lazily), even
    when rules read its memory settings, overhead included."""
    from pathlib import Path

    from sparklint.engine import Linter
    from sparklint.registry import load_rules
    from sparklint.settings import Settings

    linter = Linter(load_rules())
    clean = ("spark.master yarn\nspark.executor.memory 4g\nspark.executor.memoryOverhead 1g\n"
             "spark.driver.memory 2g\nspark.executor.cores 2\n")
    for path, text in (("spark-defaults.conf", clean),
                       ("session.json", '{"executorMemory": "4g", "conf": {"spark.executor.memoryOverhead": "1g"}}')):
        result = linter.read(path, text, Settings(root=Path.cwd()))
        assert linter.check(result) == []
        assert result.configs[0].document.spans == {}, path
