package dev.aggregation.apiserver.authn;

import dev.aggregation.apiserver.machinery.WouldBlock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' fail-on-error anonymous fallback: a request that no authenticator recognises (it carries no
 * credentials, or none of a kind this server checks) is served as {@code system:anonymous} in
 * {@code system:unauthenticated}, for authorization to judge; a request whose credentials were rejected stays
 * rejected (401).
 */
public final class AnonymousFallbackAuthenticator implements Authenticator {
  public static final UserInfo ANONYMOUS =
      new UserInfo(UserInfo.ANONYMOUS, "", List.of(UserInfo.UNAUTHENTICATED), Map.of());

  private final Authenticator delegate;

  public AnonymousFallbackAuthenticator(Authenticator delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException {
    return Optional.of(delegate.authenticate(request).orElse(ANONYMOUS));
  }

  @Override
  public Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) throws AuthenticationException, WouldBlock {
    return Optional.of(delegate.authenticateWithoutBlocking(request).orElse(ANONYMOUS));
  }
}
