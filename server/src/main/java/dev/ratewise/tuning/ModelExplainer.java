package dev.ratewise.tuning;

import dev.ratewise.admin.v1.AuditRecord;
import java.util.List;

/**
 * Answers an operator's question about past decisions from audit records, usually through the
 * model. {@link TuningAdmin} falls back to a template answer when this throws or returns blank.
 */
@FunctionalInterface
public interface ModelExplainer {
  /**
   * Returns an answer in plain words.
   *
   * @param records the audit records the answer should rest on, newest first
   * @throws Exception when no answer can be produced, such as a timeout
   */
  String explain(String question, List<AuditRecord> records) throws Exception;
}
