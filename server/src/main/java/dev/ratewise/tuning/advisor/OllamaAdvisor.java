package dev.ratewise.tuning.advisor;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.ratewise.tuning.advisor.AdvisorException.Reason;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an Ollama model (LLaMA 3.2 by default) for new limits through langchain4j's chat model.
 *
 * <p>One call per cycle: temperature 0, the answer constrained by {@link ModelAnswer#FORMAT},
 * no retries, and a hard deadline (see {@link ModelCall}). The prompt is built by
 * {@link AdvisorPrompt}, which quotes and caps every caller or operator string. The answer is
 * parsed by {@link ModelAnswer} without clamping, and its raw text is kept verbatim in the
 * {@link Advice} for the audit trail. Every failure becomes an {@link AdvisorException} carrying
 * the prompt and whatever raw answer there was.
 */
public final class OllamaAdvisor implements LimitAdvisor {
  private static final Logger log = LoggerFactory.getLogger(OllamaAdvisor.class);

  private final ModelCall call;
  private final Clock clock;

  private OllamaAdvisor(ModelCall call, Clock clock) {
    this.call = call;
    this.clock = clock;
  }

  /** Builds an advisor that calls {@code endpoint}. No connection is made until a cycle runs. */
  public static OllamaAdvisor create(OllamaEndpoint endpoint, Clock clock) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(clock, "clock");
    ModelCall call = new ModelCall(endpoint.chatModel(ModelAnswer.FORMAT), endpoint.timeout(),
        endpoint.describe());
    return new OllamaAdvisor(call, clock);
  }

  @Override
  public String name() {
    return "ollama";
  }

  @Override
  public Advice propose(TuningContext context) throws AdvisorException {
    Objects.requireNonNull(context, "context");
    long start = clock.millis();
    AdvisorPrompt prompt = AdvisorPrompt.of(context);
    ChatRequest request = ChatRequest.builder()
        .messages(SystemMessage.from(prompt.systemText()), UserMessage.from(prompt.userText()))
        .build();

    String raw = call.send(request, prompt.fullText());
    if (raw == null) {
      throw new AdvisorException(Reason.MALFORMED_ANSWER, "the answer has no text",
          prompt.fullText(), "", null);
    }
    Proposal proposal = ModelAnswer.parse(raw, prompt);

    long millis = clock.millis() - start;
    log.debug("model proposed {} limits in {} ms", proposal.limits().size(), millis);
    return new Advice(proposal, name(), prompt.fullText(), raw, "", millis);
  }
}
