package dev.ratewise.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs the hot-path benchmarks, prints a table for each, writes one JSON report per benchmark
 * and a summary of the targets. Every benchmark starts its own servers on loopback.
 */
@Command(name = "ratewise-bench", mixinStandardHelpOptions = true,
    description = "Runs ratewise's hot-path benchmarks and checks them against their targets.")
public final class BenchMain implements Callable<Integer> {
  static final List<String> BENCHES =
      List.of("transport", "redis-cost", "bucket4j", "tuning", "memory", "jmh");

  @Parameters(arity = "1..*", paramLabel = "BENCH",
      description = "Benchmarks to run: all, or any of transport, redis-cost, bucket4j, tuning, "
          + "memory, jmh.")
  private List<String> requested = new ArrayList<>();

  @Option(names = "--streams", defaultValue = "64",
      description = "Calls in flight at once in the closed-loop benchmarks (default: ${DEFAULT-VALUE}).")
  private int streams;

  @Option(names = "--connections", defaultValue = "2",
      description = "HTTP/2 connections of the gRPC benchmarks (default: ${DEFAULT-VALUE}).")
  private int connections;

  @Option(names = "--warmup-seconds", defaultValue = "5",
      description = "Seconds run before each measured run (default: ${DEFAULT-VALUE}).")
  private int warmupSeconds;

  @Option(names = "--seconds", defaultValue = "20",
      description = "Measured seconds of each transport and tuning run (default: ${DEFAULT-VALUE}).")
  private int seconds;

  @Option(names = "--slices", defaultValue = "10",
      description = "Turns each target's measured time is split into, taken in rotation with "
          + "the other targets (default: ${DEFAULT-VALUE}).")
  private int slices;

  @Option(names = "--out", defaultValue = "loadtest/target/bench",
      description = "Folder for the JSON reports (default: ${DEFAULT-VALUE}).")
  private Path output;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Set<String> benches = expand(requested);
    BenchOptions options = new BenchOptions(streams, connections,
        Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds), slices, output);
    PrintStream out = System.out;
    List<TargetCheck> checks = new ArrayList<>();
    for (String bench : benches) {
      Report report = runOne(bench, options, out);
      out.println("wrote " + report.write(output));
      checks.addAll(report.targets());
    }
    Report summary = new Report("summary", "every target checked in this run");
    checks.forEach(summary::target);
    printSummary(checks, out);
    out.println("wrote " + summary.write(output));
    return 0;
  }

  private static Report runOne(String bench, BenchOptions options, PrintStream out)
      throws Exception {
    return switch (bench) {
      case "transport" -> new TransportBench(options, out).run();
      case "redis-cost" -> new RedisCostBench(options, out).run();
      case "bucket4j" -> new Bucket4jBench(options, out).run();
      case "tuning" -> new TuningBench(options, out).run();
      case "memory" -> new MemoryBench(out).run();
      case "jmh" -> new JmhBench(out).run();
      default -> throw new IllegalArgumentException("unknown benchmark '" + bench
          + "'; expected all or one of " + BENCHES);
    };
  }

  private static Set<String> expand(List<String> requested) {
    Set<String> benches = new LinkedHashSet<>();
    for (String name : requested) {
      if (name.equals("all")) {
        benches.addAll(BENCHES);
      } else if (BENCHES.contains(name)) {
        benches.add(name);
      } else {
        throw new CommandLine.ParameterException(new CommandLine(new BenchMain()),
            "unknown benchmark '" + name + "'; expected all or one of " + BENCHES);
      }
    }
    return benches;
  }

  private static void printSummary(List<TargetCheck> checks, PrintStream out) {
    Table table = new Table("targets", "measure", "target", "measured", "met");
    for (TargetCheck check : checks) {
      table.row(check.measure(), check.target(),
          Double.isNaN(check.measured()) ? "-" : String.format("%.2f", check.measured()),
          check.met() ? "yes" : "NO");
    }
    table.print(out);
  }
}
