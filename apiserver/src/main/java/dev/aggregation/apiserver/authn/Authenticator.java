package dev.aggregation.apiserver.authn;

import dev.aggregation.apiserver.machinery.WouldBlock;
import java.util.Optional;

/**
 * One way of telling who sent a request. Returns empty when the request carries no credentials of this kind,
 * so that the next authenticator may try; throws when it carries credentials of this kind that are bad.
 * {@link #authenticate} may block (a TokenReview): it runs off the event loop.
 */
public interface Authenticator {
  Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException;

  /**
   * The answer {@link #authenticate} would give, when it can be had at once (nothing remote to ask, or an answer
   * cached), so that the request need not leave the event loop; else {@link WouldBlock}, having done nothing.
   * By default an authenticator may block: one that never does says so by overriding this.
   */
  default Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) throws AuthenticationException, WouldBlock {
    throw new WouldBlock("authentication by " + getClass().getName());
  }
}
