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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Admin HTTP errors that once left the JSON error contract. A request body over Javalin's size
 * cap came back as a 500 "internal" error naming a Javalin exception class, not a 413. An
 * unknown path under /admin came back as Javalin's plain-text 404 page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminHttpErrorsTest {
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

  @ParameterizedTest
  @CsvSource({"GET, /admin/nothing", "POST, /admin/nothing", "DELETE, /admin/limits",
      "GET, /admin/approvals/apr-0000001/approve", "PUT, /admin/limits/a/b"})
  void unknownAdminPath_returns404Json(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ratewise.httpPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(404, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("not_found", body.path("error").asText());
  }

  @Test
  void knownAdminPath_keepsItsOwnError() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + ratewise.httpPort() + "/admin/audit?limit=abc"))
        .GET()
        .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(400, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("invalid limit 'abc': use a whole number", body.path("message").asText());
  }
}
