package dev.aggregation.apiserver.machinery.selection;

/** k8s.io/apimachinery/pkg/selection.Operator, with its string forms (used in error messages). */
public enum Operator {
  DOES_NOT_EXIST("!"),
  EQUALS("="),
  DOUBLE_EQUALS("=="),
  IN("in"),
  NOT_EQUALS("!="),
  NOT_IN("notin"),
  EXISTS("exists"),
  GREATER_THAN("gt"),
  LESS_THAN("lt");

  private final String text;

  Operator(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
