"""An unpacked Spark distribution committed into a repository (paramraghavan/sparksql-awsglue keeps
`tools/spark-3.1.2-bin-hadoop2.7/`): Spark's own files are not the repository's configuration, so only the
distribution's conf/ is read, whether the folder is walked (`sparklint .`) or every file is named
(`pre-commit run --all-files`). Installed packages (site-packages) are not walked either."""

from __future__ import annotations

import pytest

DIST = "tools/spark-3.5.1-bin-hadoop3"
FILES = {
    f"{DIST}/RELEASE": "Spark 3.5.1 (git revision fd86f85e18) built for Hadoop 3.3.4\n",
    f"{DIST}/bin/spark-submit": "#!/usr/bin/env bash\nexec \"${SPARK_HOME}\"/bin/spark-class org.apache.spark.deploy.SparkSubmit \"$@\"\n",
    f"{DIST}/jars/README": "jars\n",
    # The user's own edit of the distribution's defaults: still read.
    f"{DIST}/conf/spark-defaults.conf": "spark.master yarn\nspark.executor.memry 4g\n",
    # Spark's own test suite and examples: made-up keys on purpose.
    f"{DIST}/python/pyspark/tests/test_context.py": (
        "from pyspark import SparkConf, SparkContext\n"
        "conf = SparkConf().set('spark.test.home', '/opt/spark')\n"
        "sc = SparkContext('local-cluster[2,1,1024]', 'test', conf=conf)\n"),
    f"{DIST}/examples/src/main/python/job.py": (
        "from pyspark.sql import SparkSession\n"
        "spark = SparkSession.builder.config('spark.executor.memry', '1g').getOrCreate()\n"),
    # The repository's own job, beside the distribution: read.
    "jobs/etl.py": ("from pyspark.sql import SparkSession\n"
                    "spark = SparkSession.builder.config('spark.sql.shufle.partitions', '8').getOrCreate()\n"),
}
EXPECTED = [("jobs/etl.py", "SL003", 2, "warning"), (f"{DIST}/conf/spark-defaults.conf", "SL003", 2, "warning")]
# A virtualenv under any name: its site-packages hold pyspark's own tests.
SITE_PACKAGES = {"env311/lib/python3.11/site-packages/pyspark/tests/test_conf.py": (
    "from pyspark import SparkConf\nconf = SparkConf().set('spark.test.home', '/opt/spark')\n")}


def _found(run) -> list[tuple[str, str, int, str]]:
    return sorted((f["path"], f["rule"], f["line"], f["severity"]) for f in run.findings)


def test_a_walk_reads_only_the_distributions_conf(lint):
    run = lint({**FILES, **SITE_PACKAGES})
    assert run.code == 1
    assert _found(run) == EXPECTED


@pytest.mark.parametrize("flags", [(), ("--verbose",)])
def test_files_of_the_distribution_named_on_the_command_line_are_notes(lint, flags):
    run = lint(FILES, *flags, paths=tuple(sorted(FILES)))
    assert run.code == 1
    assert _found(run) == EXPECTED
    noted = "in an unpacked Spark distribution (tools/spark-3.5.1-bin-hadoop3/" in run.err
    assert noted == bool(flags)


def test_a_folder_with_a_release_file_but_no_spark_submit_is_an_ordinary_folder(lint):
    files = {"tools/RELEASE": "v1\n", "tools/jars/x": "x\n", "tools/bin/run": "x\n",
             "tools/job.py": FILES["jobs/etl.py"]}
    run = lint(files)
    assert _found(run) == [("tools/job.py", "SL003", 2, "warning")]
    assert _found(lint(files, paths=("tools/job.py",))) == [("tools/job.py", "SL003", 2, "warning")]
