package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;

/**
 * Decides whether {@code user} may do what {@code request} asks. May block (a SubjectAccessReview): it runs
 * off the event loop. An authorizer that cannot decide because of an error throws, and the request gets 500.
 */
public interface Authorizer {
  Decision authorize(UserInfo user, RequestInfo request);
}
