package dev.aggregation.apiserver.machinery.validation;

import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks of k8s.io/apimachinery/pkg/apis/meta/internalversion/validation.ValidateListOptions on the
 * consistency parameters of a list or watch, with its field paths and messages. kube-apiserver answers a non-empty
 * result with 422 {@code ListOptions.meta.k8s.io "" is invalid: ...}, see {@link #toApiException}.
 */
public final class ListOptionsValidation {
  public static final String EXACT = "Exact";
  public static final String NOT_OLDER_THAN = "NotOlderThan";

  /**
   * The parameters the rules look at; empty strings for absent ones, {@code sendInitialEvents} null when absent
   * (its presence, even {@code false}, is what counts for a list).
   */
  public record Options(
      boolean watch, String resourceVersion, String resourceVersionMatch, String continueToken,
      Boolean sendInitialEvents) {
    public Options {
      resourceVersion = resourceVersion == null ? "" : resourceVersion;
      resourceVersionMatch = resourceVersionMatch == null ? "" : resourceVersionMatch;
      continueToken = continueToken == null ? "" : continueToken;
    }
  }

  private ListOptionsValidation() {}

  /**
   * @param watchListEnabled whether the WatchList feature (streaming a watch's initial state with
   *     {@code sendInitialEvents}) is served
   */
  public static List<FieldError> validate(Options options, boolean watchListEnabled) {
    return options.watch() ? validateWatch(options, watchListEnabled) : validateList(options);
  }

  private static List<FieldError> validateList(Options options) {
    List<FieldError> errs = new ArrayList<>();
    String match = options.resourceVersionMatch();
    if (!match.isEmpty()) {
      if (options.resourceVersion().isEmpty()) {
        errs.add(
            FieldError.forbidden(
                "resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
      }
      if (!options.continueToken().isEmpty()) {
        errs.add(
            FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
      }
      if (!match.equals(EXACT) && !match.equals(NOT_OLDER_THAN)) {
        errs.add(FieldError.notSupported("resourceVersionMatch", match, List.of(EXACT, NOT_OLDER_THAN, "")));
      }
      if (match.equals(EXACT) && options.resourceVersion().equals("0")) {
        errs.add(
            FieldError.forbidden(
                "resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
      }
    }
    if (options.sendInitialEvents() != null) {
      errs.add(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
    }
    return errs;
  }

  private static List<FieldError> validateWatch(Options options, boolean watchListEnabled) {
    List<FieldError> errs = new ArrayList<>();
    String match = options.resourceVersionMatch();
    if (options.sendInitialEvents() != null) {
      if (!match.equals(NOT_OLDER_THAN)) {
        errs.add(
            FieldError.forbidden(
                "resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
      }
      if (!watchListEnabled) {
        errs.add(
            FieldError.forbidden(
                "sendInitialEvents", "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled"));
      }
    }
    if (!match.isEmpty()) {
      if (options.sendInitialEvents() == null) {
        errs.add(
            FieldError.forbidden(
                "resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
      }
      if (!match.equals(NOT_OLDER_THAN)) {
        errs.add(FieldError.notSupported("resourceVersionMatch", match, List.of(NOT_OLDER_THAN)));
      }
      if (!options.continueToken().isEmpty()) {
        errs.add(
            FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
      }
    }
    return errs;
  }

  /** The 422 kube-apiserver answers with: {@code ListOptions.meta.k8s.io "" is invalid: ...}. */
  public static ApiException toApiException(List<FieldError> errors) {
    return ApiErrors.invalid("ListOptions", "meta.k8s.io", "", errors);
  }

  /**
   * The storage layer's 400 for a continue token combined with a resourceVersion other than empty or "0":
   * {@code specifying resource version is not allowed when using continue}.
   */
  public static Optional<ApiException> checkContinueWithResourceVersion(String resourceVersion, String continueToken) {
    boolean rvGiven = resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0");
    if (continueToken != null && !continueToken.isEmpty() && rvGiven) {
      return Optional.of(ApiErrors.badRequest("specifying resource version is not allowed when using continue"));
    }
    return Optional.empty();
  }
}
