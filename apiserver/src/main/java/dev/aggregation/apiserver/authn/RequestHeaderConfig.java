package dev.aggregation.apiserver.authn;

import java.util.List;

/**
 * The front proxy's settings besides its CA, one consistent snapshot (from the flags, or from one observation of
 * the extension-apiserver-authentication ConfigMap).
 *
 * @param usernameHeaders checked in order, case-insensitively; the first with a non-empty value names the user
 * @param uidHeaders the same for the user's UID
 * @param groupHeaders every value of every one of these headers is a group
 * @param extraHeaderPrefixes headers starting with one of these carry extra values, keyed by the rest of the name
 * @param allowedNames the Common Names a proxy certificate may have; empty allows any verified proxy certificate
 */
public record RequestHeaderConfig(
    List<String> usernameHeaders,
    List<String> uidHeaders,
    List<String> groupHeaders,
    List<String> extraHeaderPrefixes,
    List<String> allowedNames) {

  /** What kube-apiserver's front proxy sends, cleared from every request whatever the configuration. */
  public static final RequestHeaderConfig STANDARD =
      new RequestHeaderConfig(
          List.of("X-Remote-User"),
          List.of("X-Remote-Uid"),
          List.of("X-Remote-Group"),
          List.of("X-Remote-Extra-"),
          List.of());

  public RequestHeaderConfig {
    usernameHeaders = List.copyOf(usernameHeaders);
    uidHeaders = List.copyOf(uidHeaders);
    groupHeaders = List.copyOf(groupHeaders);
    extraHeaderPrefixes = List.copyOf(extraHeaderPrefixes);
    allowedNames = List.copyOf(allowedNames);
  }
}
