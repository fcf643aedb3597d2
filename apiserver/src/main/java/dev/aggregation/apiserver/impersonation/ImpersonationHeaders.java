package dev.aggregation.apiserver.impersonation;

import dev.aggregation.apiserver.authn.ExtraKeys;
import dev.aggregation.apiserver.filters.HeaderPrefix;
import dev.aggregation.apiserver.machinery.ApiErrors;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.validation.NameRules;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the {@code Impersonate-*} headers as k8s.io/apiserver's impersonation filter does: a user (a
 * {@code system:serviceaccount:<ns>:<name>} name is a service account), every group, every extra value, a UID;
 * groups, extras or a UID without a user are a 400.
 */
final class ImpersonationHeaders {
  static final String USER = "Impersonate-User";
  static final String GROUP = "Impersonate-Group";
  static final String UID = "Impersonate-Uid";
  static final String EXTRA_PREFIX = "Impersonate-Extra-";

  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private ImpersonationHeaders() {}

  /** @return empty when the request impersonates nobody */
  static List<ImpersonationTarget> parse(MultiMap headers) throws ApiException {
    List<ImpersonationTarget> targets = new ArrayList<>();
    String user = headers.get(USER);
    boolean hasUser = user != null && !user.isEmpty();
    if (hasUser) {
      targets.add(userOrServiceAccount(user));
    }
    List<String> groups = headers.getAll(GROUP);
    groups.forEach(group -> targets.add(new ImpersonationTarget(ImpersonationTarget.Kind.GROUP, "", group, "")));
    boolean hasExtra = false;
    for (Map.Entry<String, String> header : headers.entries()) {
      // matched in place: lower-casing every header name of every request only to find none was most of this
      if (header.getKey().regionMatches(true, 0, EXTRA_PREFIX, 0, EXTRA_PREFIX.length())) {
        hasExtra = true;
        String key = ExtraKeys.unescape(header.getKey().substring(EXTRA_PREFIX.length()).toLowerCase(Locale.ROOT));
        targets.add(new ImpersonationTarget(ImpersonationTarget.Kind.USER_EXTRA, "", header.getValue(), key));
      }
    }
    String uid = headers.get(UID);
    boolean hasUid = uid != null && !uid.isEmpty();
    if (hasUid) {
      targets.add(new ImpersonationTarget(ImpersonationTarget.Kind.UID, "", uid, ""));
    }
    if ((!groups.isEmpty() || hasExtra || hasUid) && !hasUser) {
      throw ApiErrors.badRequest(
          "requested "
              + targets.stream().map(ImpersonationTarget::goValue).collect(Collectors.joining(" ", "[", "]"))
              + " without impersonating a user");
    }
    return targets;
  }

  /** Removes every impersonation header, once they have been acted on. */
  static void clear(MultiMap headers) {
    headers.remove(USER);
    headers.remove(GROUP);
    headers.remove(UID);
    HeaderPrefix.removeAll(headers, EXTRA_PREFIX);
  }

  /** serviceaccount.SplitUsername: {@code system:serviceaccount:<namespace>:<name>} with valid names. */
  private static ImpersonationTarget userOrServiceAccount(String user) {
    if (user.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      String[] parts = user.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
      if (parts.length == 2
          && NameRules.isDns1123Label(parts[0]).isEmpty()
          && NameRules.isDns1123Subdomain(parts[1]).isEmpty()) {
        return new ImpersonationTarget(ImpersonationTarget.Kind.SERVICE_ACCOUNT, parts[0], parts[1], "");
      }
    }
    return new ImpersonationTarget(ImpersonationTarget.Kind.USER, "", user, "");
  }
}
