"""A job is judged with the application it runs on even when only the job is linted (pre-commit
passes only the staged files): the application is found in the job's repository."""

from __future__ import annotations

import json

APPLICATION = json.dumps({"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
                          "maximumCapacity": {"cpu": "400vCPU", "memory": "3000GB", "disk": "150GB"}}, indent=2)
# 1 driver + 10 executors at 20 GB of disk each: 220 GB against the application's 150 GB.
JOB = json.dumps({"applicationId": "analytics", "jobDriver": {"sparkSubmit": {
    "entryPoint": "s3://bucket/main.py",
    "sparkSubmitParameters": "--conf spark.executor.instances=10 --conf spark.dynamicAllocation.enabled=false"}}},
    indent=2)


def test_only_the_job_named_finds_the_application_in_the_repository(lint, tmp_path):
    (tmp_path / ".git").mkdir()
    run = lint({"infra/emr/application.json": APPLICATION, "jobs/nightly/job.json": JOB},
               paths=("jobs/nightly/job.json",))
    assert run.code == 1
    assert [(finding["path"], finding["rule"], finding["line"]) for finding in run.findings] == [
        ("jobs/nightly/job.json", "SL304", 6)]
    assert "[infra/emr/application.json:5 (maximumCapacity)]" in run.findings[0]["message"]


def test_without_a_repository_only_the_jobs_folder_is_searched(lint, tmp_path):
    run = lint({"elsewhere/application.json": APPLICATION, "jobs/job.json": JOB}, paths=("jobs/job.json",))
    assert (run.code, run.findings) == (0, [])
    beside = lint({"jobs2/application.json": APPLICATION, "jobs2/job.json": JOB}, paths=("jobs2/job.json",))
    assert [finding["rule"] for finding in beside.findings] == ["SL304"]
    assert beside.findings[0]["path"] == "jobs2/job.json"  # the application itself is not reported on


def test_an_application_named_differently_is_not_used(lint, tmp_path):
    (tmp_path / ".git").mkdir()
    other = APPLICATION.replace('"analytics"', '"reporting"')
    second = APPLICATION.replace('"analytics"', '"adhoc"')
    run = lint({"apps/a.json": other, "apps/b.json": second, "jobs/job.json": JOB}, paths=("jobs/job.json",))
    assert (run.code, run.findings) == (0, [])


def test_verbose_says_which_file_gave_the_application(lint, tmp_path):
    (tmp_path / ".git").mkdir()
    run = lint({"infra/application.json": APPLICATION, "jobs/job.json": JOB}, "--verbose", paths=("jobs/job.json",))
    assert "infra/application.json: read for the EMR Serverless application the jobs run on" in run.err
