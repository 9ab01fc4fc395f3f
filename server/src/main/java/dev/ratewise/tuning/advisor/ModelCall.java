package dev.ratewise.tuning.advisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.ratewise.tuning.advisor.AdvisorException.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One blocking chat call with a hard deadline, its failures sorted into {@link Reason}s.
 *
 * <p>The HTTP client's own timeout covers connecting and waiting for the response headers. A
 * server that sends headers and then stalls the body would hold the call longer, so the call
 * also runs on its own daemon thread, and the caller stops waiting after the timeout plus
 * {@link #DEADLINE_SLACK}. The abandoned thread is interrupted and ends when the client gives up.
 */
final class ModelCall {
  /** Time past the client timeout before the caller stops waiting regardless. */
  static final Duration DEADLINE_SLACK = Duration.ofMillis(250);

  private final ChatModel model;
  private final Duration timeout;
  private final String endpoint;

  ModelCall(ChatModel model, Duration timeout, String endpoint) {
    this.model = model;
    this.timeout = timeout;
    this.endpoint = endpoint;
  }

  /**
   * Sends {@code request} and returns the answer's text, or null when the answer has none.
   *
   * @param promptText the prompt as the audit stores it, attached to any failure
   * @throws AdvisorException UNREACHABLE, TIMEOUT or HTTP_ERROR
   */
  String send(ChatRequest request, String promptText) throws AdvisorException {
    FutureTask<ChatResponse> task = new FutureTask<>(() -> model.chat(request));
    Thread thread = new Thread(task, "ratewise-model-call");
    thread.setDaemon(true);
    thread.start();

    try {
      ChatResponse response = task.get(timeout.plus(DEADLINE_SLACK).toMillis(),
          TimeUnit.MILLISECONDS);
      return response.aiMessage() == null ? null : response.aiMessage().text();
    } catch (TimeoutException e) {
      task.cancel(true);
      throw new AdvisorException(Reason.TIMEOUT,
          "no complete answer from " + endpoint + " within " + timeout.toMillis() + " ms",
          promptText, "", e);
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new AdvisorException(Reason.TIMEOUT, "interrupted while waiting for " + endpoint,
          promptText, "", e);
    } catch (ExecutionException e) {
      throw classify(e.getCause(), promptText);
    }
  }

  private AdvisorException classify(Throwable failure, String promptText) {
    HttpException http = find(failure, HttpException.class);
    if (http != null) {
      return new AdvisorException(Reason.HTTP_ERROR,
          endpoint + " returned HTTP " + http.statusCode() + ": " + shortBody(http.getMessage()),
          promptText, http.getMessage(), failure);
    }
    if (find(failure, HttpConnectTimeoutException.class) != null || isUnreachable(failure)) {
      return new AdvisorException(Reason.UNREACHABLE,
          "cannot connect to " + endpoint + ": " + rootMessage(failure), promptText, "", failure);
    }
    if (find(failure, HttpTimeoutException.class) != null
        || failure instanceof dev.langchain4j.exception.TimeoutException) {
      return new AdvisorException(Reason.TIMEOUT,
          "no answer from " + endpoint + " within " + timeout.toMillis() + " ms", promptText, "",
          failure);
    }
    if (find(failure, JsonProcessingException.class) != null) {
      return new AdvisorException(Reason.MALFORMED_ANSWER,
          endpoint + " sent a response that is not Ollama's chat format: "
              + rootMessage(failure), promptText, "", failure);
    }
    // Anything else the client raised, such as a connection reset mid-response, means the
    // server could not be used.
    return new AdvisorException(Reason.UNREACHABLE,
        "call to " + endpoint + " failed: " + rootMessage(failure), promptText, "", failure);
  }

  private static boolean isUnreachable(Throwable failure) {
    return find(failure, ConnectException.class) != null
        || find(failure, UnknownHostException.class) != null
        || find(failure, NoRouteToHostException.class) != null
        || find(failure, UnresolvedAddressException.class) != null
        || find(failure, UnresolvedModelServerException.class) != null;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : " " + root.getMessage());
  }

  private static String shortBody(String body) {
    return UntrustedText.capped(body, 200);
  }
}
