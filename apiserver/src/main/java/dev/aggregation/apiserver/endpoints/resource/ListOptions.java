package dev.aggregation.apiserver.endpoints.resource;

import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The paging and consistency parameters of a list or watch, validated as metav1's ValidateListOptions does
 * (422 with kind ListOptions.meta.k8s.io).
 */
record ListOptions(long resourceVersion, String rawResourceVersion, String resourceVersionMatch, int limit, String continueToken) {

  static ListOptions parse(RestRequest request, boolean watch) {
    String rawRv = request.query("resourceVersion");
    String match = request.query("resourceVersionMatch");
    String continueToken = emptyToNull(request.query("continue"));
    String rawLimit = request.query("limit");
    List<FieldError> errors = watch
        ? watchErrors(match, request.query("sendInitialEvents"), continueToken)
        : listErrors(rawRv, match, request.query("sendInitialEvents"), continueToken);
    if (!errors.isEmpty()) {
      throw ApiErrors.invalid("ListOptions", "meta.k8s.io", "", errors);
    }
    if (continueToken != null && rawRv != null && !rawRv.isEmpty() && !rawRv.equals("0")) {
      throw ApiErrors.badRequest("specifying resource version is not allowed when using continue");
    }
    int limit = 0;
    if (rawLimit != null && !rawLimit.isEmpty()) {
      try {
        long parsed = Long.parseLong(rawLimit);
        limit = parsed <= 0 ? 0 : (int) Math.min(parsed, Integer.MAX_VALUE);
      } catch (NumberFormatException e) {
        throw ApiErrors.badRequest("invalid value for limit: \"" + rawLimit + "\"");
      }
    }
    long rv = ResourceVersions.parse(rawRv);
    if ("0".equals(rawRv) && continueToken == null) {
      // "any": served from the newest state, whose list ignores nothing but limit stays honoured here
      rv = 0;
    }
    return new ListOptions(rv, rawRv == null ? "" : rawRv, match == null ? "" : match, limit, continueToken);
  }

  private static List<FieldError> listErrors(String rawRv, String match, String sendInitialEvents, String continueToken) {
    List<FieldError> errors = new ArrayList<>();
    if (match != null && !match.isEmpty()) {
      if (rawRv == null || rawRv.isEmpty()) {
        errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
      }
      if (continueToken != null) {
        errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
      }
      if (!match.equals("NotOlderThan") && !match.equals("Exact")) {
        errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of("Exact", "NotOlderThan", "")));
      }
      if (match.equals("Exact") && "0".equals(rawRv)) {
        errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
      }
    }
    if (sendInitialEvents != null) {
      errors.add(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
    }
    return errors;
  }

  /** Watch rules: streaming lists (sendInitialEvents) need resourceVersionMatch=NotOlderThan, and only they may set it. */
  private static List<FieldError> watchErrors(String match, String sendInitialEvents, String continueToken) {
    List<FieldError> errors = new ArrayList<>();
    boolean hasMatch = match != null && !match.isEmpty();
    if (sendInitialEvents != null && !"NotOlderThan".equals(match)) {
      errors.add(FieldError.forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
    }
    if (hasMatch) {
      if (sendInitialEvents == null) {
        errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
      }
      if (!match.equals("NotOlderThan")) {
        errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of("NotOlderThan")));
      }
      if (continueToken != null) {
        errors.add(FieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
      }
    }
    return errors;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
