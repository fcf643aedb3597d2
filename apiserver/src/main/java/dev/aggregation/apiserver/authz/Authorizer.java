package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.WouldBlock;

/**
 * Decides whether {@code user} may do what {@code request} asks. {@link #authorize} may block (a
 * SubjectAccessReview): it runs off the event loop. An authorizer that cannot decide because of an error throws, and the request gets 500.
 */
public interface Authorizer {
  Decision authorize(UserInfo user, RequestInfo request);

  /**
   * The decision {@link #authorize} would give, when it can be had at once (a local rule, or a decision cached),
   * so that the request need not leave the event loop; else {@link WouldBlock}, having done nothing. By default
   * an authorizer may block: one that never does says so by overriding this.
   */
  default Decision authorizeWithoutBlocking(UserInfo user, RequestInfo request) throws WouldBlock {
    throw new WouldBlock("authorization by " + getClass().getName());
  }
}
