package dev.ratewise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class MainAdvisorFlagsTest {
  @Test
  void noFlags_usesAdvisorDefaults() {
    assumeTrue(System.getenv("RATEWISE_OLLAMA_URL") == null
        && System.getenv("RATEWISE_MODEL") == null
        && System.getenv("RATEWISE_ADVISOR_TIMEOUT") == null, "advisor env vars are set");
    Main main = new Main();
    new CommandLine(main).parseArgs();

    ServerSettings.TuningSettings tuning = main.toSettings().tuning();

    assertEquals("http://localhost:11434", tuning.ollamaUrl());
    assertEquals("llama3.2", tuning.model());
    assertEquals(Duration.ofSeconds(5), tuning.advisorTimeout());
  }

  @Test
  void flags_reachTuningSettings() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--ollama-url", "http://10.0.0.5:11434", "--model",
        "llama3.2:1b", "--advisor-timeout", "1500ms");

    ServerSettings.TuningSettings tuning = main.toSettings().tuning();

    assertEquals("http://10.0.0.5:11434", tuning.ollamaUrl());
    assertEquals("llama3.2:1b", tuning.model());
    assertEquals(Duration.ofMillis(1500), tuning.advisorTimeout());
  }

  @Test
  void ollamaUrlOff_isAccepted() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--ollama-url", "off");

    ServerSettings.TuningSettings tuning = main.toSettings().tuning();

    assertEquals("off", tuning.ollamaUrl());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--ollama-url=localhost:11434", "--ollama-url=ftp://host/",
      "--advisor-timeout=0s", "--model= "})
  void invalidAdvisorFlag_isRejectedWithItsName(String flag) {
    Main main = new Main();
    new CommandLine(main).parseArgs(flag);

    CommandLine.ParameterException e =
        assertThrows(CommandLine.ParameterException.class, main::toSettings);

    String name = flag.substring(0, flag.indexOf('='));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }
}
