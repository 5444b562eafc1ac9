#!/usr/bin/env bash
# The non-Spark tests on the lowest versions pyproject.toml declares: Python 3.9, PyYAML 5.4.1,
# jsonschema 4.0.0 (pytest and hypothesis at the newest releases that still run on 3.9).
# Run by .ci/run after the main suite; pyenv's 3.9 is on this machine kind (/root/.pyenv/versions).
set -euo pipefail
cd "$(dirname "$0")/.."
# pyenv's shim for python3.9 exists but refuses to run while another version is global: ask for the
# interpreter itself, and check that it runs.
python39=""
for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.9*/bin/python3.9 /usr/bin/python3.9 "$(command -v python3.9 || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 9)' 2>/dev/null; then
        python39="$candidate"
        break
    fi
done
if [ -z "$python39" ]; then
    echo "test_lowest_versions.sh: no python3.9 on this machine; cannot check requires-python >= 3.9" >&2
    exit 1
fi
venv="$(mktemp -d)/venv39"
"$python39" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet 'PyYAML==5.4.1' 'jsonschema==4.0.0'
"$venv/bin/python" -m pip install --quiet -e '.[test]' 'PyYAML==5.4.1' 'jsonschema==4.0.0'
echo "--- lowest declared versions ---"
"$venv/bin/python" --version
"$venv/bin/python" -m pip freeze --exclude-editable | grep -iE '^(pyyaml|jsonschema|tomli)=='
"$venv/bin/python" -m pytest -q -p no:cacheprovider -m 'not spark and not slow'
