package dev.aggregation.apiserver.authn;

import java.util.List;
import java.util.Map;

/** Who made a request, as Kubernetes' user.Info. Lists and maps are immutable copies. */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String ANONYMOUS = "system:anonymous";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String MASTERS = "system:masters";

  public UserInfo {
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }

  public static UserInfo of(String name, List<String> groups) {
    return new UserInfo(name, "", groups, Map.of());
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }
}
