package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.InvalidResourceVersionException;
import dev.aggregation.apiserver.machinery.ResourceVersions;
import dev.aggregation.apiserver.machinery.validation.ListOptionsValidation;
import java.util.List;

/**
 * The paging and consistency parameters of a list or watch, validated as metav1's ValidateListOptions does
 * (422 with kind ListOptions.meta.k8s.io).
 */
record ListOptions(long resourceVersion, String rawResourceVersion, String resourceVersionMatch, int limit, String continueToken) {

  static ListOptions parse(RestRequest request, boolean watch) {
    String rawRv = nullToEmpty(request.query("resourceVersion"));
    String match = nullToEmpty(request.query("resourceVersionMatch"));
    String continueToken = nullToEmpty(request.query("continue"));
    String rawSendInitialEvents = request.query("sendInitialEvents");
    Boolean sendInitialEvents = rawSendInitialEvents == null ? null : request.queryFlag("sendInitialEvents");
    List<FieldError> errors =
        ListOptionsValidation.validate(new ListOptionsValidation.Options(watch, rawRv, match, continueToken, sendInitialEvents), true);
    if (!errors.isEmpty()) {
      throw ListOptionsValidation.toApiException(errors);
    }
    ListOptionsValidation.checkContinueWithResourceVersion(rawRv, continueToken).ifPresent(e -> {
      throw e;
    });
    int limit = 0;
    String rawLimit = request.query("limit");
    if (rawLimit != null && !rawLimit.isEmpty()) {
      try {
        long parsed = Long.parseLong(rawLimit);
        limit = parsed <= 0 ? 0 : (int) Math.min(parsed, Integer.MAX_VALUE);
      } catch (NumberFormatException e) {
        throw ApiErrors.badRequest("limit: Invalid value: \"" + rawLimit + "\": must be an integer");
      }
    }
    return new ListOptions(revision(rawRv), rawRv, match, limit, continueToken.isEmpty() ? null : continueToken);
  }

  static long revision(String rawResourceVersion) {
    try {
      return ResourceVersions.parse(rawResourceVersion);
    } catch (InvalidResourceVersionException e) {
      throw e.toApiException();
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
