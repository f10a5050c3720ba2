#!/usr/bin/env bash
# Runs the whole OrleansFed test suite. MNIST-dependent tests run when data/mnist is present
# (scripts/fetch-mnist.sh); everything else uses synthetic data. The PostgreSQL tests use the server that
# ORLEANSFED_TEST_POSTGRES names, or else a throw-away one started here (installing Debian's postgresql if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ORLEANSFED_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d)
  trap 'scripts/test-postgres.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
  set +e
  conn=$(scripts/test-postgres.sh start "$pgdir"); pgcode=$?
  if [ $pgcode -eq 3 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL from Debian's packages for the PostgreSQL tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } \
      && { conn=$(scripts/test-postgres.sh start "$pgdir"); pgcode=$?; }
  fi
  set -e
  if [ $pgcode -eq 0 ]; then
    export ORLEANSFED_TEST_POSTGRES="$conn"
  else
    echo "No PostgreSQL server for the tests (see above): the PostgreSQL tests will fail with the reason." >&2
  fi
fi
dotnet build OrleansFed.sln -c Release -nologo -clp:ErrorsOnly
results=$(mktemp -d)
set +e
dotnet test OrleansFed.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" "$@"
code=$?
set -e
# One plain closing line, summed over every test project's TRX file.
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $code
