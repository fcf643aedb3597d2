package dev.aggregation.tools.bundle;

/** One result of a check; errors fail {@code make bundle-validate}, warnings are printed. */
record Finding(Severity severity, String check, String message) {
  enum Severity { ERROR, WARNING }

  static Finding error(String check, String message) {
    return new Finding(Severity.ERROR, check, message);
  }

  static Finding warning(String check, String message) {
    return new Finding(Severity.WARNING, check, message);
  }

  @Override
  public String toString() {
    return severity + " [" + check + "] " + message;
  }
}
