package dev.aggregation.apiserver.endpoints;

import java.util.Map;

/**
 * One entry of an HTTP {@code Accept} header: {@code type/subtype;param=value;q=0.5}. Type, subtype and
 * parameter names are lower case; {@code q} is not among the parameters.
 */
public record MediaRange(String type, String subtype, Map<String, String> parameters, double quality) {
  public MediaRange {
    parameters = Map.copyOf(parameters);
  }

  /** Whether this range admits the concrete media type {@code type/subtype}, wildcards included. */
  public boolean admits(String type, String subtype) {
    return (this.type.equals("*") || this.type.equals(type)) && (this.subtype.equals("*") || this.subtype.equals(subtype));
  }

  public String parameter(String name) {
    return parameters.get(name);
  }

  /** Higher for more specific ranges, the tie-breaker between ranges of equal quality (RFC 7231 §5.3.2). */
  int specificity() {
    int s = type.equals("*") ? 0 : 2;
    s += subtype.equals("*") ? 0 : 1;
    return s * 100 + parameters.size();
  }
}
