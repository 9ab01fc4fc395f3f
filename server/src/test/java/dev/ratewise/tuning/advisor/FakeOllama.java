package dev.ratewise.tuning.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for Ollama's {@code POST /api/chat} on 127.0.0.1, for tests: Ollama cannot run on
 * the build machines. It speaks the non-streaming wire format (request {@code model},
 * {@code messages}, {@code stream}, {@code format}, {@code options}; response {@code model},
 * {@code created_at}, {@code message}, {@code done}, {@code done_reason}, token counts), records
 * every request body, and plays scripted replies in order.
 */
final class FakeOllama implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A scripted reply to one request. */
  sealed interface Reply {}

  /** A 200 answer whose {@code message.content} is {@code content}, verbatim. */
  record Answer(String content) implements Reply {}

  /** An error status with a plain body, as Ollama sends for a failed model load. */
  record Status(int code, String body) implements Reply {}

  /** No headers at all until the fake is closed. */
  record StallBeforeHeaders() implements Reply {}

  /** 200 headers and then no body until the fake is closed. */
  record StallAfterHeaders() implements Reply {}

  /** A recorded request. */
  record Recorded(String method, String path, JsonNode body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "fake-ollama");
    thread.setDaemon(true);
    return thread;
  });
  private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private FakeOllama(HttpServer server) {
    this.server = server;
  }

  static FakeOllama start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeOllama fake = new FakeOllama(server);
    server.createContext("/", fake::handle);
    server.setExecutor(fake.executor);
    server.start();
    return fake;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeOllama reply(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Returns the last request's body; fails when none came. */
  JsonNode lastBody() {
    if (requests.isEmpty()) {
      throw new AssertionError("the fake Ollama received no request");
    }
    return requests.get(requests.size() - 1).body();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode parsed = body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
    requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        parsed));
    Reply reply = script.poll();
    if (reply == null) {
      reply = new Status(500, "the fake Ollama has no scripted reply left");
    }

    try (exchange) {
      if (reply instanceof Answer answer) {
        send(exchange, 200, envelope(parsed, answer.content()));
      } else if (reply instanceof Status status) {
        send(exchange, status.code(), status.body());
      } else if (reply instanceof StallAfterHeaders) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().flush();
        awaitClose();
      } else {
        awaitClose();
      }
    }
  }

  private static String envelope(JsonNode request, String content) {
    ObjectNode response = JSON.createObjectNode();
    response.put("model", request.path("model").asText("llama3.2"));
    response.put("created_at", "2026-12-04T20:00:00.000000Z");
    ObjectNode message = response.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    response.put("done", true);
    response.put("done_reason", "stop");
    response.put("total_duration", 1_200_000_000L);
    response.put("load_duration", 10_000_000L);
    response.put("prompt_eval_count", 812);
    response.put("prompt_eval_duration", 900_000_000L);
    response.put("eval_count", 64);
    response.put("eval_duration", 290_000_000L);
    return response.toString();
  }

  private static void send(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void awaitClose() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
