package dev.aggregation.apiserver.endpoints.openapi;

/**
 * Operation ids and tags as k8s.io/apiserver endpoints/openapi GetOperationIDAndTags makes them: the verb,
 * then the group (without {@code .k8s.io}) and version camel-cased, then the rest:
 * {@code listWardleExampleComV1alpha1NamespacedFlunder}; the tag is {@code wardleExampleCom_v1alpha1}.
 */
final class OperationIds {
  private OperationIds() {}

  static String operationId(String verb, String group, String version, String rest) {
    return verb + validId(trimK8sIo(group), true) + validId(version, true) + validId(rest, true);
  }

  static String tag(String group, String version) {
    return validId(trimK8sIo(group), false) + "_" + validId(version, false);
  }

  private static String trimK8sIo(String group) {
    return group.endsWith(".k8s.io") ? group.substring(0, group.length() - ".k8s.io".length()) : group;
  }

  /** Drops punctuation and capitalizes the letter after it (ToValidOperationID). */
  static String validId(String s, boolean capitalizeFirst) {
    StringBuilder out = new StringBuilder();
    boolean capitalize = capitalizeFirst;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c) || c == '_' || (i != 0 && Character.isDigit(c))) {
        out.append(capitalize ? Character.toUpperCase(c) : c);
        capitalize = false;
      } else {
        capitalize = true;
      }
    }
    return out.toString();
  }
}
