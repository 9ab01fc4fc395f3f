package dev.ratewise.tuning.advisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.ratewise.tuning.advisor.AdvisorException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON answer the model must give, and its parser.
 *
 * <p>Schema: {@code {"limits": [{"rule": string, "requests_per_unit": number}], "confidence":
 * number, "rationale": string}}. The parser checks shape and rule ids only. It does not clamp:
 * a negative or huge {@code requests_per_unit} reaches the {@link Proposal} unchanged, for the
 * guardrails to judge. Entries naming an unknown rule are dropped and listed in the rationale.
 */
final class ModelAnswer {
  /** Longest rationale kept in the proposal, in characters; the raw answer keeps all of it. */
  static final int RATIONALE_CHARS = 1_000;

  /** The answer schema, sent to Ollama as the request's {@code format}. */
  static final ResponseFormat FORMAT = ResponseFormat.builder()
      .type(ResponseFormatType.JSON)
      .jsonSchema(JsonSchema.builder()
          .name("limit_proposal")
          .rootElement(JsonObjectSchema.builder()
              .addProperty("limits", JsonArraySchema.builder()
                  .items(JsonObjectSchema.builder()
                      .addStringProperty("rule")
                      .addNumberProperty("requests_per_unit")
                      .required("rule", "requests_per_unit")
                      .build())
                  .build())
              .addNumberProperty("confidence")
              .addStringProperty("rationale")
              .required("limits", "confidence", "rationale")
              .build())
          .build())
      .build();

  // Bare NaN and Infinity tokens are not JSON, so the default parser rejects them.
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ModelAnswer() {}

  /**
   * Parses {@code raw} into a proposal.
   *
   * @throws AdvisorException MALFORMED_ANSWER when the text is not JSON of the schema's shape;
   *     INVALID_PROPOSAL when no entry names a known rule with a finite number
   */
  static Proposal parse(String raw, AdvisorPrompt prompt) throws AdvisorException {
    JsonNode root = readTree(raw, prompt);
    JsonNode limits = root.get("limits");
    JsonNode confidence = root.get("confidence");
    JsonNode rationale = root.get("rationale");
    if (limits == null || !limits.isArray()) {
      throw malformed("field 'limits' is missing or not an array", raw, prompt);
    }
    if (confidence == null || !confidence.isNumber()) {
      throw malformed("field 'confidence' is missing or not a number", raw, prompt);
    }
    if (rationale == null || !rationale.isTextual()) {
      throw malformed("field 'rationale' is missing or not a string", raw, prompt);
    }

    Map<String, Double> values = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < limits.size(); i++) {
      readEntry(limits.get(i), i, values, unknown, raw, prompt);
    }
    boolean usable = values.values().stream().anyMatch(Double::isFinite);
    if (!usable) {
      throw new AdvisorException(Reason.INVALID_PROPOSAL,
          "the answer has no finite requests_per_unit for a known rule", prompt.fullText(), raw,
          null);
    }

    return new Proposal(values, confidence.doubleValue(),
        rationaleWithDrops(rationale.textValue(), unknown));
  }

  private static JsonNode readTree(String raw, AdvisorPrompt prompt) throws AdvisorException {
    if (raw == null || raw.isBlank()) {
      throw malformed("the answer is empty", raw, prompt);
    }
    try {
      JsonNode root = JSON.readTree(raw);
      if (root == null || !root.isObject()) {
        throw malformed("the answer is not a JSON object", raw, prompt);
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new AdvisorException(Reason.MALFORMED_ANSWER,
          "the answer is not valid JSON: " + e.getOriginalMessage(), prompt.fullText(), raw, e);
    }
  }

  private static void readEntry(JsonNode entry, int index, Map<String, Double> values,
      List<String> unknown, String raw, AdvisorPrompt prompt) throws AdvisorException {
    String where = "limits[" + index + "]";
    if (entry == null || !entry.isObject()) {
      throw malformed(where + " is not an object", raw, prompt);
    }
    JsonNode rule = entry.get("rule");
    JsonNode value = entry.get("requests_per_unit");
    if (rule == null || !rule.isTextual()) {
      throw malformed(where + ".rule is missing or not a string", raw, prompt);
    }
    if (value == null || !value.isNumber()) {
      throw malformed(where + ".requests_per_unit is missing or not a number", raw, prompt);
    }

    String ruleId = prompt.ruleForReference(rule.textValue());
    if (ruleId == null) {
      unknown.add(UntrustedText.capped(rule.textValue(), UntrustedText.CALLER_VALUE_CHARS));
      return;
    }
    if (values.putIfAbsent(ruleId, value.doubleValue()) != null) {
      throw malformed(where + " repeats rule " + rule, raw, prompt);
    }
  }

  private static String rationaleWithDrops(String rationale, List<String> unknown) {
    String kept = UntrustedText.capped(rationale, RATIONALE_CHARS);
    if (unknown.isEmpty()) {
      return kept;
    }
    return kept + " [ratewise dropped entries for unknown rules: " + unknown + "]";
  }

  private static AdvisorException malformed(String message, String raw, AdvisorPrompt prompt) {
    return new AdvisorException(Reason.MALFORMED_ANSWER, message, prompt.fullText(), raw, null);
  }
}
