#!/usr/bin/env bash
# astromine on a Slurm cluster: one array task per shard, then a merge job.
#
#   sbatch examples/ci/slurm-array.sh                 # submits the shards
#   sbatch --dependency=afterok:<array job id> --wrap \
#     'astromine merge shards/* --out results'        # merges when all succeed
#
# Each task simulates the slice K/N of the same batch (same scenario, seed and
# run count), so the merged results equal one unsharded run byte for byte.
#SBATCH --job-name=astromine
#SBATCH --array=1-16
#SBATCH --cpus-per-task=8
#SBATCH --time=01:00:00
#SBATCH --output=logs/astromine-%A-%a.log
set -euo pipefail

SCENARIO=${SCENARIO:-scenarios/baseline.toml}
RUNS=${RUNS:-200000}
SHARDS=${SLURM_ARRAY_TASK_COUNT:-16}

astromine run "$SCENARIO" \
  --runs "$RUNS" \
  --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" \
  --out shards \
  --quiet
