#!/usr/bin/env bash
# Builds the benchmarks jar and runs the routing benchmarks, printing one table with p50, p99, ops/s and
# bytes/op (JMH -prof gc) and the ratios and targets, all from the same run.
#
#   routing-benchmarks/run.sh            quick run: 1 fork, short iterations (about 10 minutes on 2 cores)
#   routing-benchmarks/run.sh --full     full run: 3 forks (about 30 minutes), the figures quoted in the README
#   routing-benchmarks/run.sh --include 'RouteBenchmark.defaultChain$'   a subset (JMH regex)
#
# The JMH JSON goes to routing-benchmarks/target/jmh-result.json. Run it on an otherwise idle machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
mvn -B -q -pl routing-benchmarks -am -DskipTests package
java -cp routing-benchmarks/target/benchmarks.jar io.smartrouting.benchmarks.Report \
  --json routing-benchmarks/target/jmh-result.json "$@"
