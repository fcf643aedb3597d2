package dev.aggregation.apiserver.authn;

import java.util.Optional;

/**
 * One way of telling who sent a request. Returns empty when the request carries no credentials of this kind,
 * so that the next authenticator may try; throws when it carries credentials of this kind that are bad.
 * May block (a TokenReview): it runs off the event loop.
 */
public interface Authenticator {
  Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException;
}
