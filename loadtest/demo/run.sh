#!/usr/bin/env bash
# Builds ratewise and replays the seed demo twice (adaptive, then static),
# writing loadtest/target/demo-report/{report.html,report.json,revenue.png}.
# Arguments are passed to the demo command; see --help.
set -euo pipefail
cd "$(dirname "$0")/../.."

offline=()
if [[ "${RATEWISE_DEMO_OFFLINE:-1}" == 1 ]]; then
  offline=(-o)
fi
mvn -q "${offline[@]}" -pl loadtest -am install -DskipTests
mvn -q "${offline[@]}" -pl loadtest dependency:build-classpath \
  -Dmdep.outputFile=target/demo-classpath.txt
classpath="loadtest/target/classes:$(cat loadtest/target/demo-classpath.txt)"
exec java -Djava.awt.headless=true -cp "$classpath" dev.ratewise.loadtest.demo.DemoCommand "$@"
