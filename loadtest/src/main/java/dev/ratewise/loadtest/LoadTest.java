package dev.ratewise.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.RatewiseConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The load generator's command line. Every flag also reads an environment variable. */
@Command(
    name = "ratewise-loadtest",
    mixinStandardHelpOptions = true,
    version = "ratewise-loadtest 0.1.0",
    sortOptions = false,
    description = "Sends Envoy-shaped ShouldRateLimit or Check calls to ratewise and reports "
        + "throughput, latency percentiles and allowed/denied calls per tier.")
public final class LoadTest implements Callable<Integer> {
  /** How long a run waits for its connections before it starts sending. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  @Option(names = "--target", defaultValue = "${env:RATEWISE_LOADTEST_TARGET:-127.0.0.1:8081}",
      description = "host:port of ratewise's gRPC port (env RATEWISE_LOADTEST_TARGET). "
          + "Default: ${DEFAULT-VALUE}.")
  String target;

  @Option(names = "--api", defaultValue = "${env:RATEWISE_LOADTEST_API:-rls}",
      converter = ApiConverter.class,
      description = "rls (ShouldRateLimit) or check (ext_authz Check) "
          + "(env RATEWISE_LOADTEST_API). Default: ${DEFAULT-VALUE}.")
  Api api;

  @Option(names = "--connections", defaultValue = "${env:RATEWISE_LOADTEST_CONNECTIONS:-2}",
      description = "HTTP/2 connections, used in turn (env RATEWISE_LOADTEST_CONNECTIONS). "
          + "Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--concurrency", defaultValue = "${env:RATEWISE_LOADTEST_CONCURRENCY:-64}",
      description = "Maximum calls in flight at once; the closed loop keeps exactly this many "
          + "(env RATEWISE_LOADTEST_CONCURRENCY). Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--rate", defaultValue = "${env:RATEWISE_LOADTEST_RATE:-0}",
      description = "Calls per second for an open loop; 0 runs a closed loop "
          + "(env RATEWISE_LOADTEST_RATE). Ignored with --scenario. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--duration", defaultValue = "${env:RATEWISE_LOADTEST_DURATION:-10s}",
      converter = DurationText.class,
      description = "Run time, such as 500ms, 10s or 2m (env RATEWISE_LOADTEST_DURATION). "
          + "Ignored with --scenario. Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--mix", defaultValue = "${env:RATEWISE_LOADTEST_MIX:-"
      + "enterprise=0.2,professional=0.3,free=0.4,anonymous=0.1}",
      description = "Tier shares; anonymous sends no API key (env RATEWISE_LOADTEST_MIX). "
          + "Default: ${DEFAULT-VALUE}.")
  String mix;

  @Option(names = "--scenario", defaultValue = "${env:RATEWISE_LOADTEST_SCENARIO}",
      description = "YAML scenario file with phases (env RATEWISE_LOADTEST_SCENARIO).")
  Path scenario;

  @Option(names = "--config", defaultValue = "${env:RATEWISE_LOADTEST_CONFIG}",
      description = "ratewise config to take API keys and tiers from "
          + "(env RATEWISE_LOADTEST_CONFIG). Default: the bundled example.")
  Path config;

  @Option(names = "--domain", defaultValue = "${env:RATEWISE_LOADTEST_DOMAIN:-ratewise}",
      description = "Rate limit domain of ShouldRateLimit calls (env RATEWISE_LOADTEST_DOMAIN). "
          + "Default: ${DEFAULT-VALUE}.")
  String domain;

  @Option(names = "--timeout", defaultValue = "${env:RATEWISE_LOADTEST_TIMEOUT:-1s}",
      converter = DurationText.class,
      description = "Deadline of each call; Envoy uses 20ms for ShouldRateLimit and 200ms for "
          + "Check (env RATEWISE_LOADTEST_TIMEOUT). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--warmup", defaultValue = "${env:RATEWISE_LOADTEST_WARMUP:-0s}",
      converter = DurationText.class,
      description = "Before each measured run, send the first phase's load for this long and "
          + "discard the results, so both runs start with a warmed-up JVM "
          + "(env RATEWISE_LOADTEST_WARMUP). Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(names = "--baseline", defaultValue = "${env:RATEWISE_LOADTEST_BASELINE:-false}",
      description = "Also run the same load against an in-process no-op server and print both "
          + "side by side with ratios (env RATEWISE_LOADTEST_BASELINE).")
  boolean baseline;

  @Option(names = "--json-out", defaultValue = "${env:RATEWISE_LOADTEST_JSON_OUT}",
      description = "Write the reports as JSON to this file (env RATEWISE_LOADTEST_JSON_OUT).")
  Path jsonOut;

  @Option(names = "--progress", defaultValue = "${env:RATEWISE_LOADTEST_PROGRESS:-false}",
      description = "Draw a progress line on stderr even when it is not a terminal "
          + "(env RATEWISE_LOADTEST_PROGRESS).")
  boolean progress;

  @Option(names = "--seed", defaultValue = "${env:RATEWISE_LOADTEST_SEED:-1}",
      description = "Seed of the tier and caller choices; runs with one seed send the same "
          + "sequence (env RATEWISE_LOADTEST_SEED). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadTest()).execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    RatewiseConfig ratewiseConfig;
    Scenario plan;
    List<CallerPool> pools;
    try {
      ratewiseConfig = config == null
          ? ConfigLoader.loadBundledExample()
          : ConfigLoader.load(config);
      TierMix defaultMix = TierMix.parse(mix);
      plan = scenario == null
          ? Scenario.single(duration, rate, defaultMix)
          : Scenario.load(scenario, defaultMix);
      pools = pools(ratewiseConfig, plan);
      checkFlags();
    } catch (ConfigException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("ratewise-loadtest: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    } catch (IOException e) {
      spec.commandLine().getErr().println("ratewise-loadtest: cannot read scenario file "
          + scenario + ": " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }

    List<Report> reports = new ArrayList<>();
    reports.add(runAgainst("ratewise", target, plan, pools));
    if (baseline) {
      try (BaselineServer server = BaselineServer.start("127.0.0.1")) {
        reports.add(runAgainst("baseline", "127.0.0.1:" + server.port(), plan, pools));
      }
    }

    printReports(plan, reports);
    if (jsonOut != null) {
      writeJson(reports);
    }
    boolean everyRunGotResponses = reports.stream().allMatch(report ->
        report.completed() > report.errorsByStatus().values().stream().mapToLong(n -> n).sum());
    return everyRunGotResponses ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  private void printReports(Scenario plan, List<Report> reports) {
    PrintWriter out = spec.commandLine().getOut();
    out.println("scenario: " + plan.name() + ", " + plan.phases().size() + " phase(s), "
        + plan.totalDuration().toMillis() + " ms planned");
    out.print(ReportTable.render(reports));
    out.flush();
  }

  private void checkFlags() {
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
    }
    if (connections < 1) {
      throw new IllegalArgumentException("--connections must be at least 1, got " + connections);
    }
    if (timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive");
    }
  }

  private static List<CallerPool> pools(RatewiseConfig ratewiseConfig, Scenario plan) {
    String lowestTier = ratewiseConfig.lowestTier().orElse(TierMix.ANONYMOUS);
    List<CallerPool> pools = new ArrayList<>();
    for (Phase phase : plan.phases()) {
      pools.add(new CallerPool(ratewiseConfig.tenants().values(), lowestTier, phase.mix(),
          phase.keys(), phase.addresses(), phase.anonymousAddresses()));
    }
    return pools;
  }

  private Report runAgainst(String label, String address, Scenario plan, List<CallerPool> pools)
      throws InterruptedException {
    if (!warmup.isZero()) {
      Phase first = plan.phases().get(0);
      Phase warmupPhase = new Phase("warm-up", warmup, first.rate(), first.rate(), first.mix(),
          first.keys(), first.addresses(), first.anonymousAddresses());
      measure(label + " warm-up", address, new Scenario("warm-up", List.of(warmupPhase)),
          pools.subList(0, 1));
    }
    return measure(label, address, plan, pools);
  }

  private Report measure(String label, String address, Scenario plan, List<CallerPool> pools)
      throws InterruptedException {
    Tally tally = new Tally(plan.tiers(), plan.phaseNames());
    try (CallSender sender = new CallSender(address, connections, api, new EnvoyRequests(domain),
        timeout)) {
      if (!sender.connect(CONNECT_TIMEOUT)) {
        spec.commandLine().getErr().println("ratewise-loadtest: " + address + " not ready after "
            + CONNECT_TIMEOUT.toSeconds() + " s; running anyway, so calls may fail");
      }
      LoadRunner runner = new LoadRunner(sender, plan, pools, concurrency, tally,
          new SplittableRandom(seed), System::nanoTime, timeout.plusSeconds(1));
      ProgressBar bar = showProgress()
          ? new ProgressBar(spec.commandLine().getErr(), label, tally, runner::currentPhase,
              plan.totalDuration().toNanos(), System::nanoTime)
          : null;
      if (bar != null) {
        bar.start();
      }
      long elapsedNanos;
      try {
        elapsedNanos = runner.run();
      } finally {
        if (bar != null) {
          bar.close();
        }
      }
      return tally.report(label, address, api, mode(plan), elapsedNanos / 1e9);
    }
  }

  private boolean showProgress() {
    return progress || stderrIsTerminal();
  }

  /**
   * Returns whether stderr is a terminal. Java has no portable check for stderr, so this reads
   * the Linux {@code /proc/self/fd/2} link, and elsewhere falls back to {@code System.console()},
   * which is non-null only when stdin and stdout are terminals.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  private static String mode(Scenario plan) {
    if (plan.phases().stream().allMatch(Phase::closedLoop)) {
      return "closed-loop";
    }
    if (plan.phases().stream().noneMatch(Phase::closedLoop)) {
      return "open-loop";
    }
    return "mixed";
  }

  private void writeJson(List<Report> reports) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("runs", reports);
    document.put("ratios", ReportTable.ratios(reports));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(jsonOut.toFile(), document);
  }

  /** Parses --api without regard to case. */
  static final class ApiConverter implements CommandLine.ITypeConverter<Api> {
    @Override
    public Api convert(String value) {
      try {
        return Api.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "invalid --api '" + value + "': use rls or check");
      }
    }
  }
}
