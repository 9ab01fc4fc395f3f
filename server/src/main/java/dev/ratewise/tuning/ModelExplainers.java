package dev.ratewise.tuning;

import dev.ratewise.admin.v1.AuditRecord;
import java.util.ArrayList;
import java.util.List;

/** Adapts the Ollama explainer, which reads text summaries, to the audit records of Explain. */
public final class ModelExplainers {
  private ModelExplainers() {}

  /** Returns an explainer that hands the model one template sentence per audit record. */
  public static ModelExplainer overSummaries(dev.ratewise.tuning.advisor.ModelExplainer model) {
    return (question, records) -> {
      List<String> summaries = new ArrayList<>(records.size());
      for (AuditRecord record : records) {
        summaries.add(Explanations.template(null, List.of(record)));
      }
      return model.explain(question, summaries);
    };
  }
}
