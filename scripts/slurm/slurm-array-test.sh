#!/usr/bin/env bash
# A real scheduler runs a sharded edit: installs Debian's slurm-wlm and munge when missing, starts a
# one-node cluster on 127.0.0.1 from a generated slurm.conf (munged, slurmctld, slurmd, all in a scratch
# folder, all stopped at the end, whatever happens), submits docs/cluster/semisynth-edit.sbatch as a 4-task
# array and docs/cluster/semisynth-merge.sbatch after it (afterok), and checks that the merged files equal
# one unsharded `semisynth edit`, byte for byte. Needs root (slurmd and munged run as root here).
#
# Usage: scripts/slurm/slurm-array-test.sh     (from .ci/run; exits non-zero on any difference)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
fi
[ -f public/models/semisynth-test/bigram/config.json ] || npm run -s models

W=$(mktemp -d /tmp/semisynth-slurm-XXXXXX)
chmod 755 "$W"
cleanup() {
  # Stop what this script started, by the pid each daemon wrote, newest first, and wait until each is gone.
  for pidfile in "$W/slurmd.pid" "$W/slurmctld.pid" "$W/munged.pid"; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$W"
}
trap cleanup EXIT

# munge: a fresh key and a socket of our own, so nothing system-wide is touched.
mkdir -p "$W/munge"
dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$W/munge/munge.key"
munged --force --key-file="$W/munge/munge.key" --socket="$W/munge/munge.sock" \
  --pid-file="$W/munged.pid" --log-file="$W/munge/munged.log" --seed-file="$W/munge/munged.seed"

CPUS=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
# Ports away from the defaults, so a real Slurm on the machine is not disturbed.
cat > "$W/slurm.conf" <<CONF
ClusterName=semisynth-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/munge.sock
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
mkdir -p "$W/state" "$W/spool"
export SLURM_CONF="$W/slurm.conf"
slurmctld -i
slurmd -N localhost
for _ in $(seq 60); do
  sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix)' && break
  sleep 1
done
sinfo

# The job: every corpus document of the bigram test model, 4 shards, then the merge.
mkdir -p "$W/run"
npx --no-install tsx -e "
import { writeFileSync } from 'node:fs';
import { CORPUS_DOCUMENTS } from './scripts/testmodels/corpus.ts';
const docs = Array.from({ length: 40 }, (_, i) => JSON.stringify({ n: i, text: CORPUS_DOCUMENTS[i % CORPUS_DOCUMENTS.length] }));
writeFileSync('$W/run/corpus.jsonl', docs.join('\n') + '\n');
"
COMMON="ALL,SEMISYNTH=node $REPO/bin/semisynth.js,MODEL=semisynth-test/bigram,INPUT=$W/run/corpus.jsonl,SEED=5"
ARRAY=$(sbatch --parsable --chdir="$REPO" --output="$W/run/edit-%a.log" --cpus-per-task=1 --mem=1G \
  --array=0-3 --export="$COMMON,OUTPUT=$W/run/edited.jsonl" docs/cluster/semisynth-edit.sbatch)
sbatch --wait --chdir="$REPO" --output="$W/run/merge.log" --mem=1G --dependency="afterok:$ARRAY" \
  --export="$COMMON,OUTPUT=$W/run/edited.jsonl" docs/cluster/semisynth-merge.sbatch
cat "$W/run/merge.log"
ls "$W/run/edited.jsonl.parts"

node bin/semisynth.js edit --model semisynth-test/bigram --input "$W/run/corpus.jsonl" --seed 5 \
  --output "$W/run/single.jsonl" --progress none
for f in .jsonl .edit-log.jsonl .recipe.json; do
  cmp "$W/run/edited$f" "$W/run/single$f"
done
echo "slurm: a 4-task array and its merge wrote the bytes of one unsharded run"
