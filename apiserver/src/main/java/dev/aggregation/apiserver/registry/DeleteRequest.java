package dev.aggregation.apiserver.registry;

/**
 * A delete's options after parsing: preconditions (empty = none) and the propagation policy
 * ("" = the default, Background).
 */
public record DeleteRequest(String preconditionUid, String preconditionResourceVersion, String propagationPolicy) {
  public static DeleteRequest plain() {
    return new DeleteRequest("", "", "");
  }
}
