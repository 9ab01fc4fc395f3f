package dev.ratewise.tuning.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ratewise.tuning.forecast.SurgeClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisorPromptTest {
  /**
   * Pins the whole prompt for the bundled example's tiers during a surge, so any change to the
   * wording or the data layout shows in review. The same text is quoted in the advisor docs.
   */
  @Test
  void surgeContext_matchesExamplePrompt() throws IOException {
    TuningContext context = new TuningContext(SampleContexts.NOW, List.of(
        SampleContexts.rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
        SampleContexts.rule("professional", 30, 30, SurgeClass.NORMAL, 2),
        SampleContexts.rule("free", 20, 20, SurgeClass.NORMAL, 2)), 200, 30,
        "Product launch at 14:00 UTC; expect enterprise traffic to triple.");

    String prompt = AdvisorPrompt.of(context).fullText();

    assertEquals(resource("/advisor/example-prompt.txt"), prompt);
  }

  @Test
  void longRuleId_mapsGeneratedReference() {
    String longId = "ratewise.tier_enterprise.tenant_" + "x".repeat(80);
    TuningContext context = SampleContexts.context(100,
        SampleContexts.snapshot(longId, "enterprise", 15, 15, 120, 0.2, 1, 1,
            SurgeClass.NORMAL, 1),
        SampleContexts.snapshot("rule#1", "free", 3, 3, 9, 0.01, 1, 1, SurgeClass.NORMAL, 1));

    AdvisorPrompt prompt = AdvisorPrompt.of(context);

    assertEquals(longId, prompt.ruleForReference("rule#1"));
    assertEquals("rule#1", prompt.ruleForReference("rule#2"));
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = AdvisorPromptTest.class.getResourceAsStream(path)) {
      assertNotNull(in, path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
