package dev.ratewise.tuning.advisor;

import static dev.ratewise.tuning.advisor.SampleContexts.ENTERPRISE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.testing.MutableClock;
import dev.ratewise.tuning.advisor.FakeOllama.Answer;
import dev.ratewise.tuning.advisor.FakeOllama.Reply;
import dev.ratewise.tuning.advisor.FakeOllama.StallBeforeHeaders;
import dev.ratewise.tuning.advisor.FakeOllama.Status;
import dev.ratewise.tuning.forecast.SurgeClass;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model-then-heuristic chain, with the real Ollama advisor and langchain4j client talking
 * HTTP to {@link FakeOllama}, because Ollama cannot run on the build machines.
 */
class FallbackAdvisorTest {
  /** Generous, so a loaded build machine does not turn a good answer into a timeout. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** Short, for the tests that wait for a timeout on purpose. */
  static final Duration SHORT_TIMEOUT = Duration.ofMillis(400);
  static final TuningContext CONTEXT = SampleContexts.context(100,
      SampleContexts.rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
      SampleContexts.rule("professional", 30, 30, SurgeClass.NORMAL, 2),
      SampleContexts.rule("free", 20, 20, SurgeClass.NORMAL, 2));

  private final MutableClock clock = new MutableClock(SampleContexts.NOW);
  private FakeOllama ollama;
  private FallbackAdvisor advisor;

  @BeforeEach
  void startFake() throws IOException {
    ollama = FakeOllama.start();
    advisor = FallbackAdvisor.create(ollama.baseUrl(), "llama3.2", TIMEOUT, clock);
  }

  @AfterEach
  void stopFake() {
    ollama.close();
  }

  @Test
  void validAnswer_usesModelProposal() {
    ollama.reply(new Answer(OllamaAdvisorTest.VALID_ANSWER));

    Advice advice = advisor.propose(CONTEXT);

    assertEquals("ollama", advice.advisor());
    assertEquals("", advice.fallbackReason());
    assertEquals(40.0, advice.proposal().limits().get(ENTERPRISE));
    assertEquals("ollama+heuristic", advisor.name());
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new Answer("limits: enterprise=40"), "MALFORMED_ANSWER",
            "limits: enterprise=40"),
        Arguments.of(new Answer("{\"limits\": [], \"confidence\": 1, \"rationale\": \"\"}"),
            "INVALID_PROPOSAL", "{\"limits\": [], \"confidence\": 1, \"rationale\": \"\"}"),
        Arguments.of(new Status(500, "{\"error\":\"out of memory\"}"), "HTTP_ERROR",
            "{\"error\":\"out of memory\"}"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("failures")
  void modelFailure_fallsBackToHeuristicWithReason(Reply reply, String reason, String raw) {
    ollama.reply(reply);

    Advice advice = advisor.propose(CONTEXT);

    assertEquals("heuristic", advice.advisor());
    assertTrue(advice.fallbackReason().startsWith(reason + ": "), advice.fallbackReason());
    assertEquals(raw, advice.rawAnswer());
    assertTrue(advice.prompt().contains(AdvisorPrompt.DATA_BEGIN), advice.prompt());
    assertEquals(new HeuristicAdvisor(clock).propose(CONTEXT).proposal(), advice.proposal());
  }

  @Test
  void stall_fallsBackWithinTimeoutAndSlack() {
    ollama.reply(new StallBeforeHeaders());
    FallbackAdvisor impatient =
        FallbackAdvisor.create(ollama.baseUrl(), "llama3.2", SHORT_TIMEOUT, clock);

    long start = System.nanoTime();
    Advice advice = impatient.propose(CONTEXT);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertEquals("heuristic", advice.advisor());
    assertTrue(advice.fallbackReason().startsWith("TIMEOUT: "), advice.fallbackReason());
    assertTrue(advice.prompt().contains(AdvisorPrompt.DATA_BEGIN), advice.prompt());
    assertTrue(elapsed.compareTo(SHORT_TIMEOUT.plus(ModelCall.DEADLINE_SLACK).plusSeconds(1)) < 0,
        "took " + elapsed);
  }

  @Test
  void noServer_fallsBackWithUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    FallbackAdvisor refused =
        FallbackAdvisor.create("http://127.0.0.1:" + closedPort, "llama3.2", SHORT_TIMEOUT,
            clock);

    Advice advice = refused.propose(CONTEXT);

    assertEquals("heuristic", advice.advisor());
    assertTrue(advice.fallbackReason().startsWith("UNREACHABLE: "), advice.fallbackReason());
  }

  @Test
  void recovery_returnsToModelAfterFailure() {
    ollama.reply(new Status(500, "busy"), new Answer(OllamaAdvisorTest.VALID_ANSWER));

    Advice failed = advisor.propose(CONTEXT);
    Advice recovered = advisor.propose(CONTEXT);

    assertEquals("heuristic", failed.advisor());
    assertEquals("ollama", recovered.advisor());
    assertEquals(2, ollama.requests().size());
  }

  @Test
  void modelSwitchedOff_runsHeuristicAsNotConfigured() {
    FallbackAdvisor off = FallbackAdvisor.create("off", "llama3.2", TIMEOUT, clock);

    Advice advice = off.propose(CONTEXT);

    assertEquals("heuristic", off.name());
    assertEquals("heuristic", advice.advisor());
    assertTrue(advice.fallbackReason().startsWith(FallbackAdvisor.NOT_CONFIGURED + ": "),
        advice.fallbackReason());
    assertEquals(0, ollama.requests().size());
  }

  @Test
  void modelBug_fallsBackWithError() {
    LimitAdvisor broken = new LimitAdvisor() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Advice propose(TuningContext context) {
        throw new IllegalStateException("bug");
      }
    };
    FallbackAdvisor chain =
        new FallbackAdvisor(Optional.of(broken), new HeuristicAdvisor(clock), clock);

    Advice advice = chain.propose(CONTEXT);

    assertEquals("heuristic", advice.advisor());
    assertTrue(advice.fallbackReason().startsWith(FallbackAdvisor.ERROR + ": "),
        advice.fallbackReason());
  }

  @Test
  void heuristicBug_keepsCurrentLimits() {
    LimitAdvisor broken = new LimitAdvisor() {
      @Override
      public String name() {
        return "heuristic";
      }

      @Override
      public Advice propose(TuningContext context) {
        throw new ArithmeticException("bug");
      }
    };
    FallbackAdvisor chain = new FallbackAdvisor(Optional.empty(), broken, clock);

    Advice advice = chain.propose(CONTEXT);

    assertEquals(Map.of(SampleContexts.ENTERPRISE, 15.0, SampleContexts.PROFESSIONAL, 8.0,
        SampleContexts.FREE, 3.0), advice.proposal().limits());
    assertEquals(0.0, advice.proposal().confidence());
  }
}
