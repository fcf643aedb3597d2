package dev.aggregation.apiserver.authz;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.WouldBlock;
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

  /** One authorizer's decision, blocking or not. */
  @FunctionalInterface
  private interface Attempt {
    Decision run(Authorizer authorizer) throws WouldBlock;
  }

  @Override
  public Decision authorize(UserInfo user, RequestInfo request) {
    return WouldBlock.blocking(() -> first(authorizer -> authorizer.authorize(user, request)));
  }

  /** Without blocking when every authorizer asked can decide so; the first that cannot stops the attempt. */
  @Override
  public Decision authorizeWithoutBlocking(UserInfo user, RequestInfo request) throws WouldBlock {
    return first(authorizer -> authorizer.authorizeWithoutBlocking(user, request));
  }

  private Decision first(Attempt attempt) throws WouldBlock {
    List<RuntimeException> errors = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Authorizer authorizer : authorizers) {
      Decision decision;
      try {
        decision = attempt.run(authorizer);
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
