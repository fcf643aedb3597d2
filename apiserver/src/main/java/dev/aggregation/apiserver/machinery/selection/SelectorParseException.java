package dev.aggregation.apiserver.machinery.selection;

import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;

/**
 * A label or field selector that does not parse. The message is Kubernetes' own (for example
 * {@code unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt}); kube-apiserver answers
 * a list or watch with it as a 400 BadRequest, see {@link #toApiException()}.
 */
public final class SelectorParseException extends RuntimeException {
  public SelectorParseException(String message) {
    super(message);
  }

  /** The 400 BadRequest kube-apiserver sends for an unparsable {@code labelSelector}/{@code fieldSelector}. */
  public ApiException toApiException() {
    return ApiErrors.badRequest(getMessage());
  }

  /**
   * The message metav1.ParseToLabelSelector gives (clients such as kubectl print it):
   * {@code couldn't parse the selector string "<selector>": <message>}.
   */
  public String describedFor(String selector) {
    return "couldn't parse the selector string \"" + selector + "\": " + getMessage();
  }
}
