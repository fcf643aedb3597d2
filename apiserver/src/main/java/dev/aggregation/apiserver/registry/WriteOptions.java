package dev.aggregation.apiserver.registry;

/**
 * How a write runs: {@code dryRun} runs every check and writes nothing; {@code admission} is the validating
 * admission of the request; {@code subresource} is "" for the main resource or "status".
 */
public record WriteOptions(boolean dryRun, ValidatingAdmission admission, String subresource) {
  public static WriteOptions of(boolean dryRun, ValidatingAdmission admission) {
    return new WriteOptions(dryRun, admission, "");
  }

  public boolean statusWrite() {
    return "status".equals(subresource);
  }
}
