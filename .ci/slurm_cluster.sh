#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for the sweep tests: munged,
# slurmctld and slurmd, configured by a slurm.conf written here, all state
# under one directory. Usage:
#   .ci/slurm_cluster.sh start DIR   # prints nothing on success; SLURM_CONF=DIR/slurm.conf
#   .ci/slurm_cluster.sh stop DIR    # stops the three daemons started by start
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?state directory}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
export SLURM_CONF=$dir/slurm.conf

write_conf() {
  local cpus mem
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ {print int($2/1024) - 512}' /proc/meminfo)
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  cat >"$SLURM_CONF" <<CONF
ClusterName=eoslab-ci
SlurmctldHost=localhost
SlurmctldPort=6917
SlurmdPort=6918
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldParameters=enable_configless
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
  write_conf
  # munge: its own socket and key under $dir, so no system service is touched
  if [ ! -f "$dir/munge/munge.key" ]; then
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  fi
  chown -R munge:munge "$dir/munge"
  chmod 700 "$dir/munge"
  chmod 400 "$dir/munge/munge.key"
  # Slurm's clients and daemons look for the default socket.
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- munged --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
    --seed-file="$dir/munge/munged.seed" --socket=/run/munge/munge.socket.2
  munge -n | unmunge >/dev/null
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF" -N localhost
  for _ in $(seq 60); do
    if sinfo -h -N -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then return 0; fi
    sleep 1
  done
  echo "slurm_cluster: the node did not become idle; logs:" >&2
  tail -20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
  sinfo -N -l >&2 || true
  return 1
}

stop_pid() {
  local f=$1
  [ -f "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

stop() {
  scancel --user=root 2>/dev/null || true
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  stop_pid "$dir/munge/munged.pid"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
