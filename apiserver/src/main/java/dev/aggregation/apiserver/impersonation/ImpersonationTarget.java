package dev.aggregation.apiserver.impersonation;

import dev.aggregation.apiserver.filters.RequestInfo;
import java.util.List;

/**
 * One thing a request asks to act as (Kubernetes builds one ObjectReference per header value), and the
 * attributes on which the requester needs the {@code impersonate} verb for it.
 *
 * @param namespace the service account's namespace; "" for the other kinds
 * @param name the user, service account, group, extra value or UID
 * @param extraKey the extra key of a {@link Kind#USER_EXTRA}; "" otherwise
 */
record ImpersonationTarget(Kind kind, String namespace, String name, String extraKey) {
  static final String AUTHENTICATION_GROUP = "authentication.k8s.io";

  enum Kind {
    USER("User", "", "", "users"),
    SERVICE_ACCOUNT("ServiceAccount", "", "", "serviceaccounts"),
    GROUP("Group", "", "", "groups"),
    USER_EXTRA("UserExtra", AUTHENTICATION_GROUP, "v1", "userextras"),
    UID("UID", AUTHENTICATION_GROUP, "v1", "uids");

    private final String kindName;
    private final String group;
    private final String version;
    private final String resource;

    Kind(String kindName, String group, String version, String resource) {
      this.kindName = kindName;
      this.group = group;
      this.version = version;
      this.resource = resource;
    }
  }

  /** The attributes to authorize: {@code impersonate} on users, serviceaccounts, groups, userextras/<key> or uids. */
  RequestInfo attributes() {
    return new RequestInfo(
        true,
        "",
        "impersonate",
        "",
        kind.group,
        kind.version,
        namespace,
        kind.resource,
        extraKey,
        name,
        List.of(kind.resource, name),
        "",
        "");
  }

  /**
   * The reference as Go's {@code %v} prints a v1.ObjectReference (Kind, Namespace, Name, UID, APIVersion,
   * ResourceVersion, FieldPath), for the "without impersonating a user" message.
   */
  String goValue() {
    String apiVersion = kind.group.isEmpty() ? "" : kind.group + "/" + kind.version;
    return "{" + String.join(" ", kind.kindName, namespace, name, "", apiVersion, "", extraKey) + "}";
  }
}
