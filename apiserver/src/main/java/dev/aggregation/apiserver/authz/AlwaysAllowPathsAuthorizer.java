package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --authorization-always-allow-paths}: non-resource paths anyone may get (health probes). An entry
 * matches exactly after trimming the leading '/', or as a prefix when it ends with a single '*'.
 */
public final class AlwaysAllowPathsAuthorizer implements Authorizer {
  private final Set<String> paths = new HashSet<>();
  private final List<String> prefixes = new ArrayList<>();

  /** @throws IllegalArgumentException for an entry with a '*' elsewhere than at its end */
  public AlwaysAllowPathsAuthorizer(List<String> alwaysAllowPaths) {
    for (String entry : alwaysAllowPaths) {
      String path = entry.startsWith("/") ? entry.substring(1) : entry;
      if (path.isEmpty()) {
        paths.add(path);
        continue;
      }
      if (path.substring(0, path.length() - 1).indexOf('*') >= 0) {
        throw new IllegalArgumentException("only trailing * allowed in \"" + path + "\"");
      }
      if (path.endsWith("*")) {
        prefixes.add(path.substring(0, path.length() - 1));
      } else {
        paths.add(path);
      }
    }
  }

  @Override
  public Decision authorize(UserInfo user, RequestInfo request) {
    if (request.resourceRequest()) {
      return Decision.noOpinion();
    }
    String path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
    if (paths.contains(path) || prefixes.stream().anyMatch(path::startsWith)) {
      return Decision.allow("");
    }
    return Decision.noOpinion();
  }
  /** Never blocks: {@link #authorize} itself. */
  @Override
  public Decision authorizeWithoutBlocking(UserInfo user, RequestInfo request) {
    return authorize(user, request);
  }

}
