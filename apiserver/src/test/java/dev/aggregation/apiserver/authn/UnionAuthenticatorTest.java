package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.machinery.WouldBlock;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnionAuthenticatorTest {
  private static final AuthenticationRequest REQUEST =
      new AuthenticationRequest(MultiMap.caseInsensitiveMultiMap(), List.of());
  private static final Authenticator NONE = request -> Optional.empty();
  private static final Authenticator FAILS =
      request -> {
        throw new AuthenticationException("bad certificate");
      };

  private static Authenticator user(String name, String... groups) {
    return request -> Optional.of(UserInfo.of(name, List.of(groups)));
  }

  @Test
  void firstSuccessWinsAndGetsSystemAuthenticatedOnce() throws Exception {
    UserInfo user =
        new UnionAuthenticator(List.of(NONE, user("alice", "devs"), user("bob"))).authenticate(REQUEST).orElseThrow();

    assertThat(user.name()).isEqualTo("alice");
    assertThat(user.groups()).containsExactly("devs", "system:authenticated");
  }

  @Test
  void userAlreadyAuthenticatedIsNotGivenTheGroupTwice() throws Exception {
    UserInfo user =
        new UnionAuthenticator(List.of(user("alice", "system:authenticated"))).authenticate(REQUEST).orElseThrow();

    assertThat(user.groups()).containsExactly("system:authenticated");
  }

  @Test
  void laterSuccessOverridesAnEarlierError() throws Exception {
    assertThat(new UnionAuthenticator(List.of(FAILS, user("alice"))).authenticate(REQUEST)).isPresent();
  }

  @Test
  void errorWithoutAnySuccessIsReported() {
    assertThatThrownBy(() -> new UnionAuthenticator(List.of(FAILS, NONE)).authenticate(REQUEST))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("bad certificate");
  }

  /** Recognises nobody, and says so without blocking. */
  private static final Authenticator LOCAL_NONE = new Authenticator() {
    @Override
    public Optional<UserInfo> authenticate(AuthenticationRequest request) {
      return Optional.empty();
    }

    @Override
    public Optional<UserInfo> authenticateWithoutBlocking(AuthenticationRequest request) {
      return Optional.empty();
    }
  };

  @Test
  void wouldBlockWhenAnAuthenticatorAskedWouldBlock() {
    // user(...) keeps the default: it may block
    assertThatThrownBy(() -> new UnionAuthenticator(List.of(LOCAL_NONE, user("alice"))).authenticateWithoutBlocking(REQUEST))
        .isInstanceOf(WouldBlock.class);
  }

  @Test
  void answersWithoutBlockingWhenEveryAuthenticatorAskedCan() throws Exception {
    UnionAuthenticator union = new UnionAuthenticator(List.of(LOCAL_NONE));

    assertThat(union.authenticateWithoutBlocking(REQUEST)).isEmpty();
    assertThat(new AnonymousFallbackAuthenticator(union).authenticateWithoutBlocking(REQUEST).orElseThrow().name())
        .isEqualTo("system:anonymous");
  }

  @Test
  void anonymousFallbackServesRequestsNobodyRecognises() throws Exception {
    UserInfo user =
        new AnonymousFallbackAuthenticator(new UnionAuthenticator(List.of(NONE))).authenticate(REQUEST).orElseThrow();

    assertThat(user.name()).isEqualTo("system:anonymous");
    assertThat(user.groups()).containsExactly("system:unauthenticated");
  }

  @Test
  void anonymousFallbackNeverHidesRejectedCredentials() {
    assertThatThrownBy(
            () -> new AnonymousFallbackAuthenticator(new UnionAuthenticator(List.of(FAILS))).authenticate(REQUEST))
        .isInstanceOf(AuthenticationException.class);
  }
}
