#!/usr/bin/env bash
# Install what the Spark oracle (tests/oracle.py) runs: pyspark from PyPI at the pinned version
# into the active Python, and the other versions CI samples live (LIVE_VERSIONS) or named as arguments
# into their own `pip install --target` folder, .venv/oracle-pyspark/X (tests/oracle.py other_pysparks),
# for the live samples of tests/test_oracle_verdicts.py; then check for a Java (17 on this machine kind).
# CI calls this after creating .venv; with CI=true the oracle tests fail without pyspark.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pin lives in one place, tests/oracle.py, which also names it in its skip message.
version="$(sed -n 's/^PYSPARK_PIN = "\([^"]*\)".*/\1/p' tests/oracle.py)"
if [ -z "$version" ]; then
    echo "install_pyspark.sh: no PYSPARK_PIN in tests/oracle.py" >&2
    exit 1
fi
# An sdist of 300-460 MiB; pip builds a wheel from it once and caches it (then ~10-20 s an install).
python -m pip install --quiet "pyspark==${version}"
python -c "import pyspark; print('pyspark', pyspark.__version__, 'for the Spark oracle')"
# CI's live versions (LIVE_VERSIONS in tests/oracle.py), and any versions named on the command line
# (`bash tools/install_pyspark.sh 4.0.5`: to record or re-run that version's table).
live="$(sed -n 's/^LIVE_VERSIONS = (\(.*\)).*/\1/p' tests/oracle.py | tr -d '",')"
for other in $live; do
    if [ ! -f "tests/verdicts/spark-${other}.json" ]; then
        echo "install_pyspark.sh: LIVE_VERSIONS names ${other}, which has no tests/verdicts/spark-${other}.json" >&2
        exit 1
    fi
done
for other in $live "$@"; do
    target=".venv/oracle-pyspark/${other}"
    if [ "$other" = "$version" ] || [ -f "$target/pyspark/version.py" ]; then
        continue
    fi
    # --no-deps: py4j is the pinned pyspark's (the same 0.10.9.x line); the child runs this folder first
    # on PYTHONPATH, with the virtualenv's interpreter.
    python -m pip install --quiet --no-deps --target "$target" "pyspark==${other}"
    # pyspark before 3.4 bundles cloudpickle 2.0.0, which cannot pickle a function on Python 3.11 or later
    # ("code() argument 13 must be str", measured with 3.3.4), so the oracle's shuffle job would fail in
    # Python, not in Spark. The harness swaps in cloudpickle 2.2.1 (what pyspark 3.4 bundles, with the
    # imports pyspark's copy uses); the Spark JVM under test is unchanged.
    if grep -q "__version__ = '2.0" "$target/pyspark/cloudpickle/__init__.py" 2>/dev/null \
            && python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        swap="$(mktemp -d)"
        python -m pip install --quiet --no-deps --target "$swap" "cloudpickle==2.2.1"
        sed -i 's/^from cloudpickle\./from pyspark.cloudpickle./' "$swap/cloudpickle/__init__.py"
        rm -rf "$target/pyspark/cloudpickle"
        cp -r "$swap/cloudpickle" "$target/pyspark/cloudpickle"
        # The Python workers Spark starts import pyspark from python/lib/pyspark.zip: swap it there too.
        python - "$target/pyspark" <<'PY'
import pathlib, sys, zipfile
home = pathlib.Path(sys.argv[1])
archive = home / "python" / "lib" / "pyspark.zip"
with zipfile.ZipFile(archive) as old:
    kept = [(info, old.read(info)) for info in old.infolist() if not info.filename.startswith("pyspark/cloudpickle/")]
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
    for info, data in kept:
        new.writestr(info, data)
    for source in sorted((home / "cloudpickle").glob("*.py")):
        new.write(source, f"pyspark/cloudpickle/{source.name}")
PY
        rm -rf "$swap"
        echo "pyspark ${other}: its cloudpickle replaced by cloudpickle 2.2.1 for Python 3.11+"
    fi
    echo "pyspark ${other} in ${target} for its recorded verdicts"
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if command -v "$java" >/dev/null 2>&1; then
    "$java" -version 2>&1 | head -n 1
else
    echo "install_pyspark.sh: no $java: the Spark oracle tests will be skipped" >&2
fi
