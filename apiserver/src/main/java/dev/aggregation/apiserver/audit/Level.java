package dev.aggregation.apiserver.audit;

/** audit.k8s.io/v1 Level, in increasing order of detail. */
public enum Level {
  NONE("None"),
  METADATA("Metadata"),
  REQUEST("Request"),
  REQUEST_RESPONSE("RequestResponse");

  private final String text;

  Level(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public boolean atLeast(Level other) {
    return compareTo(other) >= 0;
  }

  /** The level named {@code text} exactly, or null. */
  static Level parse(String text) {
    for (Level level : values()) {
      if (level.text.equals(text)) {
        return level;
      }
    }
    return null;
  }
}
