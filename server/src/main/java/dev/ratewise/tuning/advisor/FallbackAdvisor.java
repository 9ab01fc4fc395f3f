package dev.ratewise.tuning.advisor;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the model advisor first and falls back to the heuristic on any failure, so a cycle
 * always gets advice. It throws no exception for a non-null context.
 *
 * <p>On a fallback the returned {@link Advice} comes from the heuristic but keeps the model's
 * prompt and raw answer, and {@code fallbackReason} reads {@code REASON: message}: one of the
 * {@link AdvisorException.Reason} names, {@code NOT_CONFIGURED} when no model is set up, or
 * {@code ERROR} when the model advisor raised an unexpected exception. The switch to and from
 * the heuristic is logged once each way, not every cycle.
 */
public final class FallbackAdvisor implements LimitAdvisor {
  private static final Logger log = LoggerFactory.getLogger(FallbackAdvisor.class);

  /** The fallback reason when no model is configured. */
  public static final String NOT_CONFIGURED = "NOT_CONFIGURED";

  /** The fallback reason when the model advisor failed in a way it does not classify. */
  public static final String ERROR = "ERROR";

  /** Values of the Ollama URL that switch the model off. */
  private static final Set<String> OFF = Set.of("", "off", "none");

  private final Optional<LimitAdvisor> model;
  private final LimitAdvisor heuristic;
  private final Clock clock;
  private volatile boolean degraded;

  /**
   * @param model the model advisor, or empty to run the heuristic alone
   * @param heuristic the advisor used when the model fails; it must not throw
   */
  public FallbackAdvisor(Optional<LimitAdvisor> model, LimitAdvisor heuristic, Clock clock) {
    this.model = Objects.requireNonNull(model, "model");
    this.heuristic = Objects.requireNonNull(heuristic, "heuristic");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Builds the usual chain: Ollama at {@code ollamaUrl}, then the heuristic. An empty URL, or
   * {@code off} or {@code none}, leaves the model out.
   *
   * @throws IllegalArgumentException when the URL, model or timeout is invalid
   */
  public static FallbackAdvisor create(String ollamaUrl, String modelName, Duration timeout,
      Clock clock) {
    Optional<LimitAdvisor> model = Optional.empty();
    if (!isModelOff(ollamaUrl)) {
      model = Optional.of(OllamaAdvisor.create(
          new OllamaEndpoint(ollamaUrl.trim(), modelName, timeout), clock));
    }
    return new FallbackAdvisor(model, new HeuristicAdvisor(clock), clock);
  }

  /** Returns whether {@code ollamaUrl} leaves the model out: null, empty, off or none. */
  public static boolean isModelOff(String ollamaUrl) {
    return ollamaUrl == null || OFF.contains(ollamaUrl.trim().toLowerCase(Locale.ROOT));
  }

  @Override
  public String name() {
    return model.map(m -> m.name() + "+" + heuristic.name()).orElse(heuristic.name());
  }

  @Override
  public Advice propose(TuningContext context) {
    Objects.requireNonNull(context, "context");
    if (model.isEmpty()) {
      return fallBack(context, NOT_CONFIGURED + ": no model configured", "", "", clock.millis());
    }

    long start = clock.millis();
    try {
      Advice advice = model.get().propose(context);
      if (degraded) {
        degraded = false;
        log.info("model advisor {} responded again; heuristic fallback ended", model.get().name());
      }
      return advice;
    } catch (AdvisorException e) {
      markDegraded(e.reason().name(), e.getMessage());
      return fallBack(context, e.reason().name() + ": " + e.getMessage(), e.prompt(),
          e.rawAnswer(), start);
    } catch (RuntimeException e) {
      markDegraded(ERROR, e.toString());
      return fallBack(context, ERROR + ": " + e, "", "", start);
    }
  }

  private Advice fallBack(TuningContext context, String reason, String prompt, String raw,
      long start) {
    Proposal proposal;
    try {
      proposal = heuristic.propose(context).proposal();
    } catch (AdvisorException | RuntimeException e) {
      log.error("heuristic advisor failed; keeping the current limits", e);
      proposal = currentLimits(context, e);
    }
    return new Advice(proposal, heuristic.name(), prompt, raw, reason, clock.millis() - start);
  }

  private void markDegraded(String reason, String message) {
    if (!degraded) {
      degraded = true;
      log.warn("model advisor {} failed ({}: {}); using the heuristic until it responds",
          model.map(LimitAdvisor::name).orElse(""), reason, message);
    }
  }

  private static Proposal currentLimits(TuningContext context, Exception failure) {
    Map<String, Double> limits = new LinkedHashMap<>();
    context.rules().forEach(r -> limits.put(r.rule(), (double) r.current()));
    return new Proposal(limits, 0.0, "heuristic failed (" + failure + "); current limits kept");
  }
}
