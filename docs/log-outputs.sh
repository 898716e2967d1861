#!/usr/bin/env bash
# Truth check for simulator refactors: the `log --json` output of every log scene in scenes/ in several variants
# (own seed, --fixed, seeds 1, 2, 17, --set overrides, the step trace of step scenes) and the log-bench scene at 5,000
# and 100,000 entries, written one file per run (docs/LogOutputs.java, one JVM). Compare two builds byte for byte.
# Usage, from the repository root after `mvn -q -DskipTests package`:
#   docs/log-outputs.sh write OUTDIR [JAR]   # JAR defaults to target/ledger-lab.jar (JavaFX jars in JAR's lib/)
#   docs/log-outputs.sh compare DIR_A DIR_B  # exit 0 only when every file is byte-identical
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  write)
    jar=${3:-target/ledger-lab.jar}
    # The JavaFX jars next to the jar: Main's command table loads classes the headless commands do not use.
    java -cp "$jar:$(dirname "$jar")/lib/*" docs/LogOutputs.java scenes "$2"
    ;;
  compare)
    a=$2; b=$3; same=0; differ=0
    for f in $(cd "$a" && ls) ; do
      if cmp -s "$a/$f" "$b/$f"; then same=$((same + 1)); else differ=$((differ + 1)); echo "DIFFERS: $f"; fi
    done
    for f in $(cd "$b" && ls); do [ -e "$a/$f" ] || { differ=$((differ + 1)); echo "ONLY IN $b: $f"; }; done
    echo "byte-identical: $same, different: $differ"
    [ "$differ" -eq 0 ]
    ;;
  *) echo "usage: $0 write OUTDIR [JAR] | compare DIR_A DIR_B" >&2; exit 2 ;;
esac
