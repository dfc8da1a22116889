#!/usr/bin/env bash
# Jupyter Notebook 6 + headless Chromium: open notebook 1 in the real web UI, run all
# cells through the menu, check that images are shown and no error output is, and
# save a screenshot (.ci/artifacts/notebook-01.png) plus the notebook as the browser
# saved it (.ci/artifacts/notebook-01.ipynb).
#
# Needs (Debian): golang (Go 1.26) jupyter-notebook jupyter-client chromium nodejs (>= 20) npm curl
#   apt-get install -y jupyter-notebook chromium nodejs npm curl
# and from npm (pinned in .ci/browser/package-lock.json, installed here by `npm ci`):
#   playwright-core  (drives /usr/bin/chromium; no browser download)
#
# usage: .ci/browser_test.sh [NOTEBOOK.ipynb]      (default notebooks/01-edge-of-stability.ipynb)
# env:   EOSLAB_BIN=path  use a prebuilt binary instead of `go build`
#        BROWSER_TIMEOUT=900  seconds allowed for Run All
set -euo pipefail
export PATH=/usr/local/go/bin:/usr/bin:$PATH
CI=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$CI")
NB=$(realpath "${1:-$ROOT/notebooks/01-edge-of-stability.ipynb}")
TIMEOUT=${BROWSER_TIMEOUT:-900}
TOKEN=eoslab-ci-token
ART=$CI/artifacts
NAME=$(basename "$NB" .ipynb)
SHOT=$ART/notebook-${NAME%%-*}.png
START=$(date +%s)

TMP=$(mktemp -d /tmp/eoslab-browser.XXXXXX)
SERVER_PID=
NODE_PID=
cleanup() {
  local rc=$?
  # Stop what this script started: the browser driver's process group, then the
  # notebook server's (SIGTERM lets it shut its kernels down), then any stray kernel.
  if [ -n "$NODE_PID" ]; then kill -TERM -- "-$NODE_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ]; then
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  # (kernel and worker run the binary copied under $TMP/prefix; "[p]" keeps grep
  # from matching its own command line)
  for pid in $(grep -l -a "${TMP}/[p]refix" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
    echo "LEFTOVER process $pid after shutdown: $(tr '\0' ' ' </proc/$pid/cmdline 2>/dev/null); killing it"
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL browser: $*"; [ -f "$TMP/server.log" ] && { echo "--- notebook server log (tail)"; tail -40 "$TMP/server.log"; }; exit 1; }

[ -f "$NB" ] || fail "no notebook $NB"
mkdir -p "$ART" "$TMP/work" "$TMP/config" "$TMP/runtime" "$TMP/data"

echo "== build and install the kernelspec"
BIN=${EOSLAB_BIN:-$TMP/eoslab}
if [ -z "${EOSLAB_BIN:-}" ]; then (cd "$ROOT" && go build -o "$BIN" .); fi
"$BIN" install --prefix "$TMP/prefix" --name eoslab
export JUPYTER_PATH=$TMP/prefix/share/jupyter JUPYTER_CONFIG_DIR=$TMP/config \
  JUPYTER_RUNTIME_DIR=$TMP/runtime JUPYTER_DATA_DIR=$TMP/data PYDEVD_DISABLE_FILE_VALIDATION=1

echo "== npm ci (playwright-core)"
command -v node >/dev/null || fail "node not found (apt-get install nodejs npm)"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || fail "playwright-core 1.65 needs Node >= 20, have $(node --version)"
(cd "$CI/browser" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci"

# Serve a temp copy of the notebook's directory (relative paths keep working, the
# checkout is never written to).
cp -r "$(dirname "$NB")/." "$TMP/work/"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
ROOTFLAG=; [ "$(id -u)" = 0 ] && ROOTFLAG=--allow-root
echo "== jupyter notebook $(/usr/bin/jupyter-notebook --version 2>/dev/null | tail -1) on $BASE"
setsid /usr/bin/jupyter-notebook --no-browser --ip=127.0.0.1 --port="$PORT" --port-retries=0 \
  --NotebookApp.token="$TOKEN" --notebook-dir="$TMP/work" $ROOTFLAG \
  --MappingKernelManager.default_kernel_name=eoslab >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 120); do
  curl -sf "$BASE/api/status?token=$TOKEN" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "notebook server exited"
  [ "$i" = 120 ] && fail "notebook server not up after 60s"
  sleep 0.5
done
curl -sf "$BASE/api/kernelspecs?token=$TOKEN" | grep -q '"eoslab"' || fail "server does not list the eoslab kernelspec"

echo "== headless chromium: open $NAME.ipynb, Cell > Run All"
rm -f "$SHOT"
setsid timeout -k 10 $((TIMEOUT + 180)) node "$CI/browser/check.js" "$BASE" "$TOKEN" "$(basename "$NB")" "$SHOT" "$TIMEOUT" &
NODE_PID=$!
set +e; wait "$NODE_PID"; RC=$?; set -e
NODE_PID=
cp "$TMP/work/$(basename "$NB")" "$ART/notebook-${NAME%%-*}.ipynb" 2>/dev/null || true
ELAPSED=$(( $(date +%s) - START ))
echo
echo "== browser summary (${ELAPSED}s)"
case $RC in
  0) echo "   PASS: Notebook 6 ran $NAME.ipynb in headless Chromium; images shown, no errors; screenshot ${SHOT#$ROOT/}";;
  1) fail "checks failed on $NAME.ipynb (see above); screenshot ${SHOT#$ROOT/}";;
  124|137) fail "browser driver timed out";;
  *) fail "browser harness error (exit $RC)";;
esac
