package dev.ratewise.bench;

import dev.ratewise.bench.jmh.HotPathBenchmarks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link HotPathBenchmarks} with JMH's GC profiler: one fork, two warm-up and three
 * measured iterations of one second each, which keeps the suite near one minute.
 */
final class JmhBench {
  /** The GC profiler's allocation per operation, in bytes. */
  private static final String ALLOC_PER_OP = "gc.alloc.rate.norm";

  private final PrintStream out;

  JmhBench(PrintStream out) {
    this.out = out;
  }

  Report run() throws Exception {
    Options options = new OptionsBuilder()
        .include(HotPathBenchmarks.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(3)
        .measurementTime(TimeValue.seconds(1))
        .timeUnit(TimeUnit.SECONDS)
        .addProfiler(GCProfiler.class)
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .verbosity(VerboseMode.SILENT)
        .build();
    List<Map<String, Object>> rows = new ArrayList<>();
    Table table = new Table("JMH, one thread", "benchmark", "ops/s", "± error", "B/op");
    for (org.openjdk.jmh.results.RunResult result : new Runner(options).run()) {
      String name = result.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      Result<?> primary = result.getPrimaryResult();
      Result<?> alloc = result.getSecondaryResults().get(ALLOC_PER_OP);
      double bytesPerOp = alloc == null ? Double.NaN : alloc.getScore();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("benchmark", name);
      row.put("opsPerSecond", primary.getScore());
      row.put("error", primary.getScoreError());
      row.put("bytesPerOp", bytesPerOp);
      rows.add(row);
      table.row(name, primary.getScore(), primary.getScoreError(), bytesPerOp);
    }
    table.print(out);
    return new Report("jmh", "JMH throughput and allocation per operation of the hot path steps")
        .put("forks", 1)
        .put("warmupIterations", "2 x 1 s")
        .put("measurementIterations", "3 x 1 s")
        .put("results", rows)
        .target(allocationTarget(rows));
  }

  /**
   * Checks that the limiter itself allocates nothing per decision. The handler benchmark also
   * builds protobuf messages, which the target allows, so it is reported but not checked.
   */
  private static TargetCheck allocationTarget(List<Map<String, Object>> rows) {
    for (Map<String, Object> row : rows) {
      if (row.get("benchmark").equals("checkAllowed")) {
        double bytes = (double) row.get("bytesPerOp");
        return new TargetCheck("Limiter.check allocation, bytes per decision", "0 B/op",
            bytes, bytes < 1);
      }
    }
    return TargetCheck.notRun("Limiter.check allocation, bytes per decision", "0 B/op",
        "checkAllowed did not run");
  }
}
