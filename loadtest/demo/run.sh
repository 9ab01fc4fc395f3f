#!/usr/bin/env bash
# Builds ratewise and replays the seed demo twice (adaptive, then static),
# writing loadtest/target/demo-report/{report.html,report.json,revenue.png}
# and printing a summary table. Arguments go to the demo command; see --help.
# Set RATEWISE_DEMO_OFFLINE=0 to let Maven download missing plugins.
set -euo pipefail
cd "$(dirname "$0")/../.."

offline=(-o)
if [[ "${RATEWISE_DEMO_OFFLINE:-1}" == 0 ]]; then
  offline=()
fi
# One reactor build to the compile phase, so the classpath points at this
# checkout's target/classes and nothing is installed into ~/.m2.
mvn -q "${offline[@]}" -pl loadtest -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/demo-classpath.txt -Dmdep.includeScope=runtime
classpath="loadtest/target/classes:$(cat loadtest/target/demo-classpath.txt)"
exec java -Djava.awt.headless=true -cp "$classpath" dev.ratewise.loadtest.demo.DemoCommand "$@"
