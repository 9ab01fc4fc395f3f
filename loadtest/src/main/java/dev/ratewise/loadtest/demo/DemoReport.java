package dev.ratewise.loadtest.demo;

import java.util.List;

/**
 * The whole comparison: the scenario, how it was run, and the figures of both runs.
 *
 * @param scenario the scenario's name
 * @param scenarioFile the file it was read from
 * @param command the command line that produced the report
 * @param server how ratewise ran, such as in-process on loopback
 * @param advisorNote which advisor could run here, and why
 * @param capacityRps the simulated backend's capacity in requests per second
 * @param lengthSeconds the length of each run
 * @param phases each phase's name, start and length in seconds
 * @param runs the adaptive run, then the static run
 * @param events what the runner did during each run, by run mode
 * @param notes problems that make figures incomplete
 */
record DemoReport(
    String scenario,
    String scenarioFile,
    String command,
    String server,
    String advisorNote,
    double capacityRps,
    long lengthSeconds,
    List<PhaseSpan> phases,
    List<RunFigures> runs,
    List<RunEvents> events,
    List<String> notes) {

  /** A phase's place in the run, in seconds from the start. */
  record PhaseSpan(String name, double start, double length, boolean surge) {}

  /** The runner's actions during one run. */
  record RunEvents(String mode, List<RunResult.Event> events) {}

  RunFigures run(String mode) {
    return runs.stream().filter(run -> run.mode().equals(mode)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + mode + " run in the report"));
  }
}
