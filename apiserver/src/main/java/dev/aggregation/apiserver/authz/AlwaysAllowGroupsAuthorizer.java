package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import java.util.List;
import java.util.Set;

/** Allows everything to members of the privileged groups ({@code system:masters}); no opinion otherwise. */
public final class AlwaysAllowGroupsAuthorizer implements Authorizer {
  private final Set<String> groups;

  public AlwaysAllowGroupsAuthorizer(Set<String> groups) {
    this.groups = Set.copyOf(groups);
  }

  /** Kubernetes' fixed privileged group; it is not a flag. */
  public static AlwaysAllowGroupsAuthorizer systemMasters() {
    return new AlwaysAllowGroupsAuthorizer(Set.of(UserInfo.MASTERS));
  }

  @Override
  public Decision authorize(UserInfo user, RequestInfo request) {
    List<String> userGroups = user.groups();
    return userGroups.stream().anyMatch(groups::contains) ? Decision.allow("") : Decision.noOpinion();
  }
  /** Never blocks: {@link #authorize} itself. */
  @Override
  public Decision authorizeWithoutBlocking(UserInfo user, RequestInfo request) {
    return authorize(user, request);
  }

}
