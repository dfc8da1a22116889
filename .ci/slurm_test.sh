#!/usr/bin/env bash
# Sweeps on a real Slurm cluster: installs Debian's slurm-wlm and munge,
# starts a one-node cluster on localhost (.ci/slurm_cluster.sh), submits a
# 2×2 sweep with --slurm, follows it with `eoslab sweep status`, cancels
# one running task with scancel, recovers it with `eoslab sweep resume`,
# and checks the collected table and every trajectory against the same
# points run locally and against `eoslab train`. The cluster is stopped at
# the end, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/usr/local/go/bin:/usr/bin:/usr/sbin:$PATH

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm_test: installing slurm-wlm and munge"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/tmp/eoslab-slurm-apt.log 2>&1 ||
    { tail -30 /tmp/eoslab-slurm-apt.log; exit 1; }
fi

work=$(mktemp -d /tmp/eoslab-slurm.XXXXXX)
chmod 755 "$work" # munged runs as munge
cluster=$work/cluster
export SLURM_CONF=$cluster/slurm.conf
cleanup() {
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo "slurm_test: FAILED (exit $rc); cluster logs:" >&2
    tail -20 "$cluster/slurmctld.log" "$cluster/slurmd.log" 2>/dev/null >&2 || true
    tail -20 "$work"/slurm/logs/* 2>/dev/null >&2 || true
  fi
  .ci/slurm_cluster.sh stop "$cluster" || true
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT

go build -o "$work/bin/eoslab" .
eoslab=$work/bin/eoslab
.ci/slurm_cluster.sh start "$cluster"
sinfo

# 2×2: two learning rates at the edge of stability, two seeds; each point
# runs a few seconds so that one can be cancelled while it runs.
line="gd toy2d-200 fc-tanh mse lr=0.4,0.5 seed=0..1 width=16 steps=2500 eig=25"
dir=$work/slurm
# shellcheck disable=SC2086
"$eoslab" sweep $line --dir "$dir" --slurm --max-parallel 1 --time 10:00 --dry-run | tee "$work/script.sh"
grep -q -- '--array=0-3%1' "$work/script.sh"
[ ! -e "$dir" ] # a dry run submits and writes nothing
# shellcheck disable=SC2086
"$eoslab" sweep $line --dir "$dir" --slurm --max-parallel 1 --time 10:00
test -x "$dir/eoslab"
job=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["job_id"])' "$dir/slurm.json")

# Wait until point 1 is running with some records, then cancel its task.
for _ in $(seq 240); do
  state=$("$eoslab" sweep status "$dir" --json | python3 -c 'import json,sys; p=json.load(sys.stdin)[1]; print(p["state"], p["step"], p.get("job_state", "-"))')
  case $state in partial\ *\ RUNNING) [ "$(echo "$state" | cut -d' ' -f2)" -ge 100 ] && break ;; esac
  sleep 0.5
done
echo "point 1 before scancel: $state"
case $state in partial\ *\ RUNNING) ;; *) echo "point 1 never ran"; exit 1 ;; esac
scancel "${job}_1"

# The sweep finishes without point 1: status --wait says so and fails.
if "$eoslab" sweep status "$dir" --wait --every 1s | tee "$work/status1.txt"; then
  echo "status --wait succeeded with a cancelled point"; exit 1
fi
grep -E '^1 .*(partial|pending).*CANCELLED' "$work/status1.txt"
[ "$("$eoslab" sweep status "$dir" --json | python3 -c 'import json,sys; print(sum(p["state"] in ("done","diverged") for p in json.load(sys.stdin)))')" = 3 ]

# resume resubmits exactly point 1; the finished points are not touched.
stat -c '%n %i %Y' "$dir"/points/000[023].jsonl >"$work/before.txt"
"$eoslab" sweep resume "$dir" | tee "$work/resume.txt"
grep -q '(1 points: 1)' "$work/resume.txt"
"$eoslab" sweep status "$dir" --wait --every 1s
stat -c '%n %i %Y' "$dir"/points/000[023].jsonl | diff "$work/before.txt" -
"$eoslab" sweep collect "$dir"

# The same points run locally: identical trajectories, identical table.
# shellcheck disable=SC2086
"$eoslab" sweep $line --dir "$work/local"
"$eoslab" sweep collect "$work/local" >/dev/null
for i in 0 1 2 3; do cmp "$dir/points/000$i.jsonl" "$work/local/points/000$i.jsonl"; done
diff "$dir/table.csv" "$work/local/table.csv"
# and point 3 as a plain `eoslab train` line
"$eoslab" train gd toy2d-200 fc-tanh mse lr=0.5 seed=1 width=16 steps=2500 eig=25 -q >"$work/train3.jsonl"
cmp "$work/train3.jsonl" "$dir/points/0003.jsonl"

# MNIST on nodes that have only the binary: the tasks inherit nothing from
# the submitting shell (--export=NONE: no HOME, no Go module cache, no PATH),
# so they read the IDX files the submission staged into DIR/data/mnist.
mline="gd mnist-1k fc-tanh mse lr=0.05,0.1 width=32 steps=30 eig=10"
# shellcheck disable=SC2086
"$eoslab" sweep $mline --dir "$work/mnist" --slurm --sbatch-arg=--export=NONE
grep -q '^export EOSLAB_MNIST=' "$work/mnist/slurm/array-0.sh"
"$eoslab" sweep status "$work/mnist" --wait --every 1s
"$eoslab" train gd mnist-1k fc-tanh mse lr=0.1 width=32 steps=30 eig=10 -q >"$work/mnist1.jsonl"
cmp "$work/mnist1.jsonl" "$work/mnist/points/0001.jsonl"
echo "slurm_test: passed"
