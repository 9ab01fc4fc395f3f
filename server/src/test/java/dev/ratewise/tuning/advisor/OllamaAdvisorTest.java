package dev.ratewise.tuning.advisor;

import static dev.ratewise.tuning.advisor.SampleContexts.ENTERPRISE;
import static dev.ratewise.tuning.advisor.SampleContexts.FREE;
import static dev.ratewise.tuning.advisor.SampleContexts.PROFESSIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.tuning.advisor.AdvisorException.Reason;
import dev.ratewise.tuning.advisor.FakeOllama.Answer;
import dev.ratewise.tuning.advisor.FakeOllama.StallAfterHeaders;
import dev.ratewise.tuning.advisor.FakeOllama.StallBeforeHeaders;
import dev.ratewise.tuning.advisor.FakeOllama.Status;
import dev.ratewise.tuning.forecast.SurgeClass;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Ollama advisor through the real langchain4j Ollama client and real HTTP. Ollama itself
 * cannot run on the build machines, so {@link FakeOllama} plays its {@code /api/chat} part.
 */
class OllamaAdvisorTest {
  /** Generous, so a loaded build machine does not turn a good answer into a timeout. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** Short, for the tests that wait for a timeout on purpose. */
  static final Duration SHORT_TIMEOUT = Duration.ofMillis(400);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VALID_ANSWER = "{\"limits\": ["
      + "{\"rule\": \"" + ENTERPRISE + "\", \"requests_per_unit\": 40},"
      + "{\"rule\": \"" + PROFESSIONAL + "\", \"requests_per_unit\": 12.5},"
      + "{\"rule\": \"" + FREE + "\", \"requests_per_unit\": 3}],"
      + " \"confidence\": 0.8, \"rationale\": \"Enterprise demand is growing.\"}";

  private FakeOllama ollama;
  private OllamaAdvisor advisor;

  @BeforeEach
  void startFake() throws IOException {
    ollama = FakeOllama.start();
    advisor = OllamaAdvisor.create(new OllamaEndpoint(ollama.baseUrl(), "llama3.2", TIMEOUT),
        new MutableClock(Instant.parse("2026-12-04T20:00:00Z")));
  }

  @AfterEach
  void stopFake() {
    ollama.close();
  }

  @Test
  void validAnswer_becomesProposalWithRawAnswerKept() throws Exception {
    ollama.reply(new Answer(VALID_ANSWER));

    Advice advice = advisor.propose(SampleContexts.steady(200));

    assertEquals("ollama", advice.advisor());
    assertEquals(40.0, advice.proposal().limits().get(ENTERPRISE));
    assertEquals(12.5, advice.proposal().limits().get(PROFESSIONAL));
    assertEquals(3.0, advice.proposal().limits().get(FREE));
    assertEquals(0.8, advice.proposal().confidence());
    assertEquals("Enterprise demand is growing.", advice.proposal().rationale());
    assertEquals(VALID_ANSWER, advice.rawAnswer());
    assertEquals("", advice.fallbackReason());
    assertTrue(advice.prompt().contains(AdvisorPrompt.DATA_BEGIN), advice.prompt());
  }

  @Test
  void request_sendsTemperatureZeroSchemaAndOneCall() throws Exception {
    ollama.reply(new Answer(VALID_ANSWER));

    advisor.propose(SampleContexts.steady(200));

    assertEquals(1, ollama.requests().size());
    assertEquals("POST", ollama.requests().get(0).method());
    assertEquals("/api/chat", ollama.requests().get(0).path());
    JsonNode body = ollama.lastBody();
    assertEquals("llama3.2", body.path("model").asText());
    assertFalse(body.path("stream").asBoolean(true), body.toString());
    assertEquals(0.0, body.path("options").path("temperature").asDouble(-1), body.toString());
    JsonNode format = body.path("format");
    assertEquals("object", format.path("type").asText(), format.toString());
    assertEquals("array", format.path("properties").path("limits").path("type").asText());
    assertEquals("number", format.path("properties").path("limits").path("items")
        .path("properties").path("requests_per_unit").path("type").asText());
    assertEquals("number", format.path("properties").path("confidence").path("type").asText());
    assertEquals("string", format.path("properties").path("rationale").path("type").asText());
    assertEquals(List.of("limits", "confidence", "rationale"),
        JSON.convertValue(format.path("required"), List.class));
    assertEquals("system", body.path("messages").get(0).path("role").asText());
    assertEquals("user", body.path("messages").get(1).path("role").asText());
  }

  @Test
  void prompt_carriesBusinessTelemetryAndForecast() throws Exception {
    ollama.reply(new Answer(VALID_ANSWER));
    TuningContext context = new TuningContext(SampleContexts.NOW,
        List.of(SampleContexts.rule("enterprise", 30, 90, SurgeClass.SURGE, 3)), 200, 30,
        "launch at 14:00");

    advisor.propose(context);

    JsonNode data = dataSection(ollama.lastBody());
    assertEquals(200.0, data.path("capacity_rps").asDouble());
    assertEquals(30, data.path("horizon_seconds").asLong());
    assertEquals("launch at 14:00", data.path("operator_context").asText());
    JsonNode rule = data.path("rules").get(0);
    assertEquals(ENTERPRISE, rule.path("rule").asText());
    assertEquals("enterprise", rule.path("tier").asText());
    assertEquals("second", rule.path("unit").asText());
    assertEquals(0.20, rule.path("revenue_per_request").asDouble());
    assertEquals(15, rule.path("baseline").asLong());
    assertEquals(15, rule.path("current").asLong());
    assertEquals(15, rule.path("min").asLong());
    assertEquals(120, rule.path("max").asLong());
    assertEquals(30.0, rule.path("telemetry").path("demand_rps").asDouble());
    assertEquals(30.0, rule.path("telemetry").path("allowed_rps").asDouble());
    assertEquals(0.0, rule.path("telemetry").path("denied_rps").asDouble());
    assertEquals(3, rule.path("telemetry").path("active_keys").asInt());
    assertEquals(90.0, rule.path("forecast").path("forecast_rps").asDouble());
    assertEquals("SURGE", rule.path("forecast").path("class").asText());
    assertEquals(0.9, rule.path("forecast").path("probability").asDouble());
  }

  static Stream<Arguments> outOfRangeValues() {
    return Stream.of(
        Arguments.of("-5", -5.0),
        Arguments.of("0", 0.0),
        Arguments.of("1e12", 1.0e12),
        Arguments.of("1000000", 1_000_000.0),
        Arguments.of("0.001", 0.001));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRangeValues")
  void outOfRangeNumber_reachesProposalUnclamped(String value, double expected)
      throws Exception {
    ollama.reply(new Answer("{\"limits\": [{\"rule\": \"" + ENTERPRISE
        + "\", \"requests_per_unit\": " + value + "}], \"confidence\": 2.5, \"rationale\": \"\"}"));

    Advice advice = advisor.propose(SampleContexts.steady(200));

    assertEquals(expected, advice.proposal().limits().get(ENTERPRISE));
    assertEquals(2.5, advice.proposal().confidence());
  }

  static Stream<Arguments> malformedAnswers() {
    String tail = ", \"confidence\": 0.5, \"rationale\": \"r\"}";
    String entry = "{\"rule\": \"" + ENTERPRISE + "\", \"requests_per_unit\": ";
    return Stream.of(
        Arguments.of("prose", "Sure! I would raise enterprise to 40."),
        Arguments.of("empty", ""),
        Arguments.of("truncated", "{\"limits\": [" + entry + "40"),
        Arguments.of("array root", "[" + entry + "40}]"),
        Arguments.of("limits not array", "{\"limits\": \"all 40\"" + tail),
        Arguments.of("confidence missing",
            "{\"limits\": [" + entry + "40}], \"rationale\": \"r\"}"),
        Arguments.of("confidence string", "{\"limits\": [" + entry
            + "40}], \"confidence\": \"high\", \"rationale\": \"r\"}"),
        Arguments.of("rationale missing", "{\"limits\": [" + entry + "40}], \"confidence\": 1}"),
        Arguments.of("value NaN string", "{\"limits\": [" + entry + "\"NaN\"}]" + tail),
        Arguments.of("value numeric string", "{\"limits\": [" + entry + "\"40\"}]" + tail),
        Arguments.of("value bare NaN", "{\"limits\": [" + entry + "NaN}]" + tail),
        Arguments.of("value missing", "{\"limits\": [{\"rule\": \"" + ENTERPRISE + "\"}]" + tail),
        Arguments.of("rule not string", "{\"limits\": [{\"rule\": 1, \"requests_per_unit\": 4}]"
            + tail),
        Arguments.of("rule repeated", "{\"limits\": [" + entry + "40}, " + entry + "50}]" + tail),
        Arguments.of("trailing text", "{\"limits\": [" + entry + "40}]" + tail + " done"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedAnswers")
  void malformedAnswer_throwsMalformedWithRawAnswer(String name, String raw) {
    ollama.reply(new Answer(raw));

    AdvisorException e = assertThrows(AdvisorException.class,
        () -> advisor.propose(SampleContexts.steady(200)));

    assertEquals(Reason.MALFORMED_ANSWER, e.reason(), e.getMessage());
    assertEquals(raw, e.rawAnswer());
    assertTrue(e.prompt().contains(ENTERPRISE), e.prompt());
  }

  static Stream<Arguments> unusableAnswers() {
    String tail = "], \"confidence\": 0.5, \"rationale\": \"r\"}";
    return Stream.of(
        Arguments.of("no entries", "{\"limits\": [" + tail),
        Arguments.of("only unknown rules",
            "{\"limits\": [{\"rule\": \"admin\", \"requests_per_unit\": 9}" + tail),
        Arguments.of("only infinite", "{\"limits\": [{\"rule\": \"" + ENTERPRISE
            + "\", \"requests_per_unit\": 1e400}" + tail));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableAnswers")
  void answerWithoutUsableLimit_throwsInvalidProposal(String name, String raw) {
    ollama.reply(new Answer(raw));

    AdvisorException e = assertThrows(AdvisorException.class,
        () -> advisor.propose(SampleContexts.steady(200)));

    assertEquals(Reason.INVALID_PROPOSAL, e.reason(), e.getMessage());
    assertEquals(raw, e.rawAnswer());
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 503, 404, 400})
  void httpError_throwsHttpErrorAfterOneRequest(int status) {
    ollama.reply(new Status(status, "{\"error\":\"model 'llama3.2' failed\"}"));

    AdvisorException e = assertThrows(AdvisorException.class,
        () -> advisor.propose(SampleContexts.steady(200)));

    assertEquals(Reason.HTTP_ERROR, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
    assertEquals(1, ollama.requests().size());
  }

  @Test
  void okStatusWithoutChatEnvelope_throwsMalformed() {
    ollama.reply(new Status(200, "<html>proxy login</html>"));

    AdvisorException e = assertThrows(AdvisorException.class,
        () -> advisor.propose(SampleContexts.steady(200)));

    assertEquals(Reason.MALFORMED_ANSWER, e.reason(), e.getMessage());
  }

  @Test
  void stallBeforeHeaders_throwsTimeoutWithinBound() {
    ollama.reply(new StallBeforeHeaders());

    OllamaAdvisor impatient = OllamaAdvisor.create(
        new OllamaEndpoint(ollama.baseUrl(), "llama3.2", SHORT_TIMEOUT),
        new MutableClock(SampleContexts.NOW));

    long start = System.nanoTime();
    AdvisorException e = assertThrows(AdvisorException.class,
        () -> impatient.propose(SampleContexts.steady(200)));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
    assertTrue(elapsed.compareTo(SHORT_TIMEOUT.plus(ModelCall.DEADLINE_SLACK).plusSeconds(1)) < 0,
        "took " + elapsed);
  }

  @Test
  void stallAfterHeaders_throwsTimeoutWithinBound() {
    ollama.reply(new StallAfterHeaders());

    OllamaAdvisor impatient = OllamaAdvisor.create(
        new OllamaEndpoint(ollama.baseUrl(), "llama3.2", SHORT_TIMEOUT),
        new MutableClock(SampleContexts.NOW));

    long start = System.nanoTime();
    AdvisorException e = assertThrows(AdvisorException.class,
        () -> impatient.propose(SampleContexts.steady(200)));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
    assertTrue(elapsed.compareTo(SHORT_TIMEOUT.plus(ModelCall.DEADLINE_SLACK).plusSeconds(1)) < 0,
        "took " + elapsed);
  }

  @Test
  void noServer_throwsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OllamaAdvisor refused = OllamaAdvisor.create(
        new OllamaEndpoint("http://127.0.0.1:" + closedPort, "llama3.2", SHORT_TIMEOUT),
        new MutableClock(SampleContexts.NOW));

    AdvisorException e = assertThrows(AdvisorException.class,
        () -> refused.propose(SampleContexts.steady(200)));

    assertEquals(Reason.UNREACHABLE, e.reason(), e.getMessage());
    assertTrue(e.prompt().contains(ENTERPRISE), e.prompt());
  }

  /** Returns the JSON between the data markers of the request's user message. */
  static JsonNode dataSection(JsonNode body) throws IOException {
    String user = body.path("messages").get(1).path("content").asText();
    int begin = user.indexOf(AdvisorPrompt.DATA_BEGIN + "\n") + AdvisorPrompt.DATA_BEGIN.length();
    int end = user.indexOf("\n" + AdvisorPrompt.DATA_END + "\n");
    return JSON.readTree(user.substring(begin, end));
  }
}
