package dev.ratewise.loadtest.demo;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.ListApprovalsResponse;
import dev.ratewise.admin.v1.ListDecisionsResponse;
import dev.ratewise.admin.v1.ListLimitsResponse;
import dev.ratewise.admin.v1.RuleLimit;
import dev.ratewise.admin.v1.TuningCycle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Calls ratewise's HTTP admin API, whose bodies are the {@code ratewise.admin.v1} messages in
 * protobuf's JSON mapping. POSTs carry no token, so the server must allow loopback callers.
 */
final class AdminClient {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final HttpClient http;
  private final String baseUrl;
  private final Duration timeout;

  AdminClient(String host, int port, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.baseUrl = "http://" + host + ":" + port;
    this.timeout = timeout;
  }

  /** Calls {@code POST /admin/init}, which runs one tuning cycle from business rules alone. */
  void init() throws IOException, InterruptedException {
    send(post("/admin/init", "{}"));
  }

  List<RuleLimit> limits() throws IOException, InterruptedException {
    ListLimitsResponse.Builder response = ListLimitsResponse.newBuilder();
    parse(send(get("/admin/limits")), response);
    return response.getLimitsList();
  }

  List<TuningCycle> decisions(int limit) throws IOException, InterruptedException {
    ListDecisionsResponse.Builder response = ListDecisionsResponse.newBuilder();
    parse(send(get("/admin/decisions?limit=" + limit)), response);
    return response.getCyclesList();
  }

  List<Approval> pendingApprovals() throws IOException, InterruptedException {
    ListApprovalsResponse.Builder response = ListApprovalsResponse.newBuilder();
    parse(send(get("/admin/approvals")), response);
    return response.getApprovalsList();
  }

  void approve(String id, String reason) throws IOException, InterruptedException {
    String body = "{\"reason\": \"" + reason.replace("\"", "'") + "\"}";
    send(post("/admin/approvals/" + id + "/approve", body));
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout).GET().build();
  }

  private HttpRequest post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(request.method() + " " + request.uri().getPath() + " failed with HTTP "
          + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static void parse(String json, Message.Builder builder) throws IOException {
    try {
      PARSER.merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("admin API returned JSON that is not "
          + builder.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
    }
  }
}
