#!/usr/bin/env bash
# Truth check for explorer and engine changes: the `explore-all --json` matrix of every ledger scene in scenes/,
# pruned and with --no-prune, with the scene's own idempotency-keys setting and with it forced on and off, plus
# `prune-check`, one file per run. Compare two builds (or one build with different --runners): every count per
# outcome, every minimal counterexample and every anomaly must be the same.
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   docs/explore-outputs.sh write OUTDIR [JAR [EXTRA ARGS...]]  # e.g. write /tmp/one target/ledger-lab.jar --runners 1
#   docs/explore-outputs.sh compare DIR_A DIR_B                 # exit 0 only when every matrix is the same
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  write)
    out=$2; jar=${3:-target/ledger-lab.jar}; shift $(( $# < 3 ? $# : 3 )); extra=("$@")
    mkdir -p "$out"
    for scene in scenes/*.yaml; do
      grep -q '^kind: ledger' "$scene" || continue
      id=$(basename "$scene" .yaml)
      for prune in prune no-prune; do
        for keys in default on off; do
          args=(explore-all "$scene" --json)
          [ "$prune" = no-prune ] && args+=(--no-prune)
          [ "$keys" != default ] && args+=(--idempotency-keys "$keys")
          java -jar "$jar" "${args[@]}" ${extra[@]+"${extra[@]}"} > "$out/$id.$prune.$keys.json"
        done
      done
    done
    java -jar "$jar" prune-check > "$out/prune-check.txt"
    ;;
  compare)
    a=$2; b=$3; same=0; differ=0
    for f in $(cd "$a" && ls); do
      if [ ! -e "$b/$f" ]; then differ=$((differ + 1)); echo "ONLY IN $a: $f"; continue; fi
      # The matrix of a JSON document; prune-check's text without its wall time, "(31 s)".
      view() { case "$1" in *.json) jq -S '.matrix' "$1" ;; *) sed -E 's/ \([0-9.]+ s\)$//' "$1" ;; esac; }
      if diff <(view "$a/$f") <(view "$b/$f") > /dev/null; then same=$((same + 1));
      else differ=$((differ + 1)); echo "DIFFERS: $f"; diff <(view "$a/$f") <(view "$b/$f") | head -20; fi
    done
    for f in $(cd "$b" && ls); do [ -e "$a/$f" ] || { differ=$((differ + 1)); echo "ONLY IN $b: $f"; }; done
    echo "same: $same, different: $differ"
    [ "$differ" -eq 0 ]
    ;;
  *) echo "usage: $0 write OUTDIR [JAR [EXTRA ARGS...]] | compare DIR_A DIR_B" >&2; exit 2 ;;
esac
