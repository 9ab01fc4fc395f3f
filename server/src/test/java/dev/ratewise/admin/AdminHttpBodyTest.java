package dev.ratewise.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request body over Javalin's size cap once came back as a 500 "internal" error that named a
 * Javalin exception class. It is the caller's mistake, so it must be a 413 with the admin error
 * body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminHttpBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path stateDir;

  private Ratewise ratewise;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startRatewise() throws Exception {
    ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir),
        new MutableClock(Instant.parse("2026-12-04T20:00:00Z")));
  }

  @AfterAll
  void stopRatewise() {
    ratewise.close();
  }

  @Test
  void hugeExplainBody_returns413Json() throws Exception {
    String question = "{\"question\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ratewise.httpPort() + "/admin/explain"))
        .POST(HttpRequest.BodyPublishers.ofString(question))
        .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(413, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("payload_too_large", body.path("error").asText());
  }
}
