package dev.ratewise.tuning.advisor;

/**
 * A proposal with the record of how it was made, for the audit trail.
 *
 * @param proposal the parsed proposal
 * @param advisor the advisor that produced it: "ollama" or "heuristic"
 * @param prompt the full prompt sent to the model; empty for the heuristic
 * @param rawAnswer the model's raw answer; empty for the heuristic
 * @param fallbackReason why the heuristic stood in for the model; empty when it did not
 * @param millis how long the advisor took, in milliseconds
 */
public record Advice(
    Proposal proposal,
    String advisor,
    String prompt,
    String rawAnswer,
    String fallbackReason,
    long millis) {}
