#!/usr/bin/env bash
# Builds the loadtest module and runs ratewise's hot-path benchmarks.
#
#   bash loadtest/bench/run.sh            # every benchmark, 5 to 7 minutes
#   bash loadtest/bench/run.sh transport  # one benchmark; --help lists the options
#
# Reports go to loadtest/target/bench/*.json. Servers listen on loopback only,
# and the Redis benchmarks start their own redis-server on a free port.
# MVN_OPTS adds Maven flags (such as -o) and JAVA_OPTS adds JVM flags, such as
#   JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile
set -euo pipefail
cd "$(dirname "$0")/../.."

mvn -q -pl loadtest -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt ${MVN_OPTS:-}

classpath="loadtest/target/classes:$(cat loadtest/target/classpath.txt)"
if [ "$#" -eq 0 ]; then
  set -- all
fi
exec java -Xms2g -Xmx2g ${JAVA_OPTS:-} -cp "$classpath" dev.ratewise.bench.BenchMain "$@"
