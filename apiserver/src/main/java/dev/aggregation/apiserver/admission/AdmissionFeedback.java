package dev.aggregation.apiserver.admission;

/**
 * What admission may hand back to the request besides its verdict: warnings for the client ({@code Warning}
 * headers) and annotations for the request's audit event, as k8s.io/apiserver's warning recorder and audit
 * context do.
 */
public interface AdmissionFeedback {
  AdmissionFeedback NONE = new AdmissionFeedback() {
    @Override
    public void warn(String warning) {}

    @Override
    public void annotate(String key, String value) {}
  };

  void warn(String warning);

  void annotate(String key, String value);
}
