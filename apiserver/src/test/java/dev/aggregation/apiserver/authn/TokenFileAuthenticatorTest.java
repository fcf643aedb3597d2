package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileAuthenticatorTest {
  @TempDir Path dir;

  private TokenFileAuthenticator file(String content) throws Exception {
    Path file = dir.resolve("tokens.csv");
    Files.writeString(file, content);
    return TokenFileAuthenticator.read(file);
  }

  private static AuthenticationRequest withAuthorization(String value) {
    return new AuthenticationRequest(MultiMap.caseInsensitiveMultiMap().add("Authorization", value), List.of());
  }

  @Test
  void quotedGroupColumnHoldsSeveralGroups() throws Exception {
    UserInfo user =
        file("t1,alice,1001,\"devs,qa\"\n").authenticate(withAuthorization("Bearer t1")).orElseThrow();

    assertThat(user.name()).isEqualTo("alice");
    assertThat(user.uid()).isEqualTo("1001");
    assertThat(user.groups()).containsExactly("devs", "qa");
  }

  @Test
  void bearerSchemeIsCaseInsensitive() throws Exception {
    assertThat(file("t1,alice,1001\n").authenticate(withAuthorization("BEARER t1"))).isPresent();
  }

  @Test
  void unknownTokenIsRejected() {
    assertThatThrownBy(() -> file("t1,alice,1001\n").authenticate(withAuthorization("Bearer t2")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("invalid bearer token");
  }

  @Test
  void requestWithoutBearerHeaderCarriesNoToken() throws Exception {
    assertThat(file("t1,alice,1001\n").authenticate(withAuthorization("Basic YWxpY2U6cHc="))).isEmpty();
  }

  @Test
  void bearerWithTwoSpacesCarriesNoToken() throws Exception {
    assertThat(file("t1,alice,1001\n").authenticate(withAuthorization("Bearer  t1"))).isEmpty();
  }

  @Test
  void lineWithFewerThanThreeColumnsIsAnError() {
    assertThatThrownBy(() -> file("t1,alice\n"))
        .hasMessageContaining("must have at least 3 columns (token, user name, user uid), found 2");
  }

  @Test
  void laterLineWinsForARepeatedToken() throws Exception {
    assertThat(file("t1,alice,1\nt1,bob,2\n").authenticate(withAuthorization("Bearer t1")).orElseThrow().name())
        .isEqualTo("bob");
  }
}
