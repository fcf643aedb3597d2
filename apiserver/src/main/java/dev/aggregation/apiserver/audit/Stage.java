package dev.aggregation.apiserver.audit;

/** audit.k8s.io/v1 Stage: the points of a request's life at which an event is recorded. */
public enum Stage {
  REQUEST_RECEIVED("RequestReceived"),
  RESPONSE_STARTED("ResponseStarted"),
  RESPONSE_COMPLETE("ResponseComplete"),
  PANIC("Panic");

  private final String text;

  Stage(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  static Stage parse(String text) {
    for (Stage stage : values()) {
      if (stage.text.equals(text)) {
        return stage;
      }
    }
    return null;
  }
}
