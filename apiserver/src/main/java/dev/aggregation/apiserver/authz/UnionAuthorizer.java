package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks authorizers in order; the first that allows or denies decides. An authorizer that fails is remembered
 * and the next one asked; if nobody decides, the failures are thrown together (the request gets 500), else
 * the answer is no opinion with the reasons given so far, one per line.
 */
public final class UnionAuthorizer implements Authorizer {
  private final List<Authorizer> authorizers;

  public UnionAuthorizer(List<Authorizer> authorizers) {
    this.authorizers = List.copyOf(authorizers);
  }

  @Override
  public Decision authorize(UserInfo user, RequestInfo request) {
    List<RuntimeException> errors = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Authorizer authorizer : authorizers) {
      Decision decision;
      try {
        decision = authorizer.authorize(user, request);
      } catch (RuntimeException e) {
        errors.add(e);
        continue;
      }
      if (decision.verdict() != Decision.Verdict.NO_OPINION) {
        return decision;
      }
      if (!decision.reason().isEmpty()) {
        reasons.add(decision.reason());
      }
    }
    if (errors.size() == 1) {
      throw errors.get(0);
    }
    if (!errors.isEmpty()) {
      IllegalStateException all =
          new IllegalStateException(
              "[" + String.join(", ", errors.stream().map(RuntimeException::getMessage).toList()) + "]");
      errors.forEach(all::addSuppressed);
      throw all;
    }
    return new Decision(Decision.Verdict.NO_OPINION, String.join("\n", reasons));
  }
}
