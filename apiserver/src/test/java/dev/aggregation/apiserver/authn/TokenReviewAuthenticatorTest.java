package dev.aggregation.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.machinery.WouldBlock;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TokenReviewAuthenticatorTest {
  private final List<String> reviewed = new ArrayList<>();

  /** kube-apiserver's answer: {@code good} is alice's token, any other is not authenticated. */
  private final Function<TokenReview, TokenReview> reviews = review -> {
    reviewed.add(review.getSpec().getToken());
    TokenReview answer = new TokenReview();
    answer.setStatus("good".equals(review.getSpec().getToken())
        ? new TokenReviewStatusBuilder().withAuthenticated(true).withNewUser().withUsername("alice").withGroups("devs").endUser().build()
        : new TokenReviewStatusBuilder().withAuthenticated(false).build());
    return answer;
  };

  private final TokenReviewAuthenticator authenticator = new TokenReviewAuthenticator(reviews, Duration.ofMinutes(2));

  private static AuthenticationRequest bearer(String token) {
    return new AuthenticationRequest(MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token), List.of());
  }

  @Test
  void reviewsATokenOnceWhileCached() throws Exception {
    assertThat(authenticator.authenticate(bearer("good")).orElseThrow().name()).isEqualTo("alice");
    assertThat(authenticator.authenticate(bearer("good")).orElseThrow().groups()).containsExactly("devs");

    assertThat(reviewed).containsExactly("good");
  }

  @Test
  void wouldBlockForATokenNotReviewedRecently() {
    assertThatThrownBy(() -> authenticator.authenticateWithoutBlocking(bearer("good"))).isInstanceOf(WouldBlock.class);
    assertThat(reviewed).isEmpty();
  }

  @Test
  void answersACachedReviewWithoutBlocking() throws Exception {
    authenticator.authenticate(bearer("good"));

    assertThat(authenticator.authenticateWithoutBlocking(bearer("good")).orElseThrow().name()).isEqualTo("alice");
    assertThat(reviewed).hasSize(1);
  }

  @Test
  void rejectsACachedRejectionWithoutBlocking() {
    assertThatThrownBy(() -> authenticator.authenticate(bearer("bad"))).isInstanceOf(AuthenticationException.class);

    assertThatThrownBy(() -> authenticator.authenticateWithoutBlocking(bearer("bad")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("invalid bearer token");
    assertThat(reviewed).containsExactly("bad");
  }

  @Test
  void leavesARequestWithoutABearerTokenToOthersWithoutBlocking() throws Exception {
    AuthenticationRequest none = new AuthenticationRequest(MultiMap.caseInsensitiveMultiMap(), List.of());

    assertThat(authenticator.authenticateWithoutBlocking(none)).isEmpty();
  }
}
