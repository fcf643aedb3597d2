package dev.aggregation.apiserver.authn;

import dev.aggregation.apiserver.machinery.WouldBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Tries authenticators in order, the first that recognises the request wins; errors of earlier ones are
 * remembered and, if none succeeds, reported together (401). Every user it returns belongs to
 * {@code system:authenticated}, as k8s.io/apiserver's authenticated-group adder makes it.
 */
public final class UnionAuthenticator implements Authenticator {
  private final List<Authenticator> authenticators;

  public UnionAuthenticator(List<Authenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  /** One authenticator's answer, blocking or not. */
  @FunctionalInterface
  private interface Attempt {
    Optional<UserInfo> run(Authenticator authenticator) throws AuthenticationException, WouldBlock;
  }

  @Override
  public Optional<UserInfo> authenticate(AuthenticationRequest request) throws AuthenticationException {
    return WouldBlock.blocking(() -> first(authenticator -> authenticator.authenticate(request)));
  }

  /** Without blocking when every authenticator asked can answer so; the first that cannot stops the attempt. */
  @Override
  public Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) throws AuthenticationException, WouldBlock {
    return first(authenticator -> authenticator.authenticateWithoutBlocking(request));
  }

  private Optional<UserInfo> first(Attempt attempt) throws AuthenticationException, WouldBlock {
    List<AuthenticationException> errors = new ArrayList<>();
    for (Authenticator authenticator : authenticators) {
      try {
        Optional<UserInfo> user = attempt.run(authenticator);
        if (user.isPresent()) {
          return user.map(UnionAuthenticator::withAuthenticatedGroup);
        }
      } catch (AuthenticationException e) {
        errors.add(e);
      }
    }
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    if (errors.size() == 1) {
      throw errors.get(0);
    }
    AuthenticationException all =
        new AuthenticationException(
            errors.stream().map(Throwable::getMessage).collect(Collectors.joining(", ", "[", "]")));
    errors.forEach(all::addSuppressed);
    throw all;
  }

  /** Adds {@code system:authenticated} unless the user is anonymous or already carries either marker group. */
  static UserInfo withAuthenticatedGroup(UserInfo user) {
    if (user.name().equals(UserInfo.ANONYMOUS)
        || user.inGroup(UserInfo.AUTHENTICATED)
        || user.inGroup(UserInfo.UNAUTHENTICATED)) {
      return user;
    }
    List<String> groups = new ArrayList<>(user.groups());
    groups.add(UserInfo.AUTHENTICATED);
    return new UserInfo(user.name(), user.uid(), groups, user.extra());
  }
}
