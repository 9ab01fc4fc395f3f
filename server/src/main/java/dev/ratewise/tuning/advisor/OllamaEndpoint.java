package dev.ratewise.tuning.advisor;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.ollama.OllamaChatModel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The Ollama server and model to call, and the time one call may take.
 *
 * @param baseUrl the Ollama base URL, such as {@code http://localhost:11434}
 * @param model the model name, such as {@code llama3.2}
 * @param timeout the maximum time of one call, connecting included
 */
public record OllamaEndpoint(String baseUrl, String model, Duration timeout) {
  public OllamaEndpoint {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("ollama url is missing");
    }
    try {
      URI uri = new URI(baseUrl);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("invalid ollama url '" + baseUrl
            + "': use http://host:port or https://host:port");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid ollama url '" + baseUrl + "': "
          + e.getMessage(), e);
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is missing");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("advisor timeout must be positive, got " + timeout);
    }
  }

  /**
   * Builds a chat model for this endpoint: temperature 0, no retries, so one call costs at most
   * one timeout.
   *
   * @param format the answer format to request, or null for free text
   */
  ChatModel chatModel(ResponseFormat format) {
    OllamaChatModel.OllamaChatModelBuilder builder = OllamaChatModel.builder()
        .baseUrl(baseUrl)
        .modelName(model)
        .temperature(0.0)
        .timeout(timeout)
        .maxRetries(0);
    if (format != null) {
      builder.responseFormat(format);
    }
    return builder.build();
  }

  /** Returns the endpoint as log lines and error messages name it. */
  String describe() {
    return "Ollama model " + model + " at " + baseUrl;
  }
}
