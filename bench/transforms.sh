#!/usr/bin/env bash
# Validate, RedisEnrich (cache hits) and the chain against Kafka's InsertField, in one JMH run on this machine.
# Prints one line per case (records/s, cost relative to InsertField), then the chain's cost ratio as ratio=<n>.
# Usage: bench/transforms.sh [extra JMH options, e.g. -wi 1 -i 2 for a quick look]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp install -DskipTests -pl bench -am
mvn -B -q -ntp dependency:build-classpath -pl bench -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
cp="bench/target/classes:$(cat bench/target/bench-classpath.txt)"
results=bench/target/transforms-jmh.json
java -Xmx256m -cp "$cp" org.openjdk.jmh.Main 'io.rivulet.bench.TransformBenchmark' -rf json -rff "$results" "$@" \
  > bench/target/transforms-jmh.log 2>&1

python3 - "$results" <<'PY'
import json, sys
runs = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
base = runs["insertFieldBaseline"]["score"]
print(f"{'case':<26} {'records/s':>14} {'+/-':>12} {'cost vs InsertField':>20}")
for name in ["insertFieldBaseline", "validateThreeRules", "redisEnrichCacheHit", "chainValidateThenEnrich"]:
    m = runs[name]
    print(f"{name:<26} {m['score']:>14,.0f} {m['scoreError']:>12,.0f} {base / m['score']:>19.2f}x")
print(f"ratio={base / runs['chainValidateThenEnrich']['score']:.2f}")
PY
