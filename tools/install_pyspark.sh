#!/usr/bin/env bash
# Install what the Spark oracle (tests/oracle.py) runs: pyspark from PyPI at the pinned version
# into the active Python, and check for a Java that Spark 3.5 runs on (17 on this machine kind).
# CI calls this after installing sparklint; with CI=true the oracle tests fail without pyspark.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pin lives in one place, tests/oracle.py, which also names it in its skip message.
version="$(sed -n 's/^PYSPARK_PIN = "\([^"]*\)".*/\1/p' tests/oracle.py)"
if [ -z "$version" ]; then
    echo "install_pyspark.sh: no PYSPARK_PIN in tests/oracle.py" >&2
    exit 1
fi
# An sdist of about 300 MiB; pip builds a wheel from it once and caches it.
python -m pip install --quiet "pyspark==${version}"
python -c "import pyspark; print('pyspark', pyspark.__version__, 'for the Spark oracle')"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if command -v "$java" >/dev/null 2>&1; then
    "$java" -version 2>&1 | head -n 1
else
    echo "install_pyspark.sh: no $java: the Spark oracle tests will be skipped" >&2
fi
