package dev.aggregation.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.WouldBlock;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SubjectAccessReviewAuthorizerTest {
  private static final UserInfo ALICE = new UserInfo("alice", "", List.of("dev"), Map.of("b", List.of("2"), "a", List.of("1")));
  private final List<SubjectAccessReview> sent = new ArrayList<>();

  private Function<SubjectAccessReview, SubjectAccessReview> answering(SubjectAccessReviewStatus status) {
    return review -> {
      sent.add(review);
      SubjectAccessReview answer = new SubjectAccessReview();
      answer.setStatus(status);
      return answer;
    };
  }

  private static SubjectAccessReviewStatus status(boolean allowed, boolean denied, String reason) {
    SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
    status.setAllowed(allowed);
    status.setDenied(denied);
    status.setReason(reason);
    return status;
  }

  @Test
  void nonResourceRequestsSendPathAndVerbOnly() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(true, false, "")), Duration.ofSeconds(10), Duration.ofSeconds(10));

    Decision decision = authorizer.authorize(ALICE, RequestInfo.nonResource("/metrics", "GET"));

    assertThat(decision.verdict()).isEqualTo(Decision.Verdict.ALLOW);
    assertThat(Json.mapper().valueToTree(sent.get(0).getSpec()).toString())
        .isEqualTo(
            "{\"extra\":{\"a\":[\"1\"],\"b\":[\"2\"]},\"groups\":[\"dev\"],"
                + "\"nonResourceAttributes\":{\"path\":\"/metrics\",\"verb\":\"get\"},\"user\":\"alice\"}");
  }

  @Test
  void deniedAnswersAreCachedWithTheirReason() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(false, true, "no")), Duration.ofSeconds(10), Duration.ofMinutes(5));
    RequestInfo request = RequestInfo.nonResource("/metrics", "GET");

    authorizer.authorize(ALICE, request);
    Decision again = authorizer.authorize(ALICE, request);

    assertThat(again).isEqualTo(Decision.deny("no"));
    assertThat(sent).hasSize(1);
  }

  @Test
  void wouldBlockForARequestNotReviewedRecently() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(true, false, "")), Duration.ofSeconds(10), Duration.ofSeconds(10));

    assertThatThrownBy(() -> authorizer.authorizeWithoutBlocking(ALICE, RequestInfo.nonResource("/metrics", "GET")))
        .isInstanceOf(WouldBlock.class);
    assertThat(sent).isEmpty();
  }

  @Test
  void answersACachedDecisionWithoutBlocking() throws Exception {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(false, true, "no")), Duration.ofSeconds(10), Duration.ofMinutes(5));
    RequestInfo request = RequestInfo.nonResource("/metrics", "GET");
    authorizer.authorize(ALICE, request);

    assertThat(authorizer.authorizeWithoutBlocking(ALICE, request)).isEqualTo(Decision.deny("no"));
    assertThat(sent).hasSize(1);
  }

  @Test
  void neitherAllowedNorDeniedIsNoOpinion() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(false, false, "")), Duration.ofSeconds(10), Duration.ofSeconds(10));

    assertThat(authorizer.authorize(ALICE, RequestInfo.nonResource("/metrics", "GET")).verdict())
        .isEqualTo(Decision.Verdict.NO_OPINION);
  }

  @Test
  void bothAllowedAndDeniedIsAnError() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(true, true, "")), Duration.ofSeconds(10), Duration.ofSeconds(10));

    assertThatThrownBy(() -> authorizer.authorize(ALICE, RequestInfo.nonResource("/metrics", "GET")))
        .hasMessage("webhook subject access review returned both allow and deny response");
  }

  @Test
  void longAttributesAreNotCached() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(true, false, "")), Duration.ofMinutes(5), Duration.ofMinutes(5));
    RequestInfo request = RequestInfo.nonResource("/" + "x".repeat(10000), "GET");

    authorizer.authorize(ALICE, request);
    authorizer.authorize(ALICE, request);

    assertThat(sent).hasSize(2);
  }

  private static RequestInfo listFlunders(String path, String labelSelector) {
    return new RequestInfo(true, path, "list", "apis", "wardle.example.com", "v1beta1", "ns", "flunders", "", "",
        List.of("flunders"), "", labelSelector);
  }

  @Test
  void requestsThatSendTheSameSpecShareOneReview() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(true, false, "")), Duration.ofMinutes(5), Duration.ofMinutes(5));
    UserInfo sameAlice = new UserInfo("alice", "", List.of("dev"), Map.of("a", List.of("1"), "b", List.of("2")));

    // a resource request's spec carries no path, and equivalent selectors send equal requirements
    authorizer.authorize(ALICE, listFlunders("/apis/wardle.example.com/v1beta1/namespaces/ns/flunders", "app=web"));
    authorizer.authorize(sameAlice, listFlunders("/apis/wardle.example.com/v1beta1/watch/namespaces/ns/flunders", "app==web"));

    assertThat(sent).hasSize(1);
  }

  @Test
  void requestsThatSendDifferentSpecsAreReviewedApart() {
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(answering(status(true, false, "")), Duration.ofMinutes(5), Duration.ofMinutes(5));
    String path = "/apis/wardle.example.com/v1beta1/namespaces/ns/flunders";

    authorizer.authorize(ALICE, listFlunders(path, "app=web"));
    authorizer.authorize(ALICE, listFlunders(path, "app=db"));
    authorizer.authorize(new UserInfo("alice", "", List.of("dev", "ops"), ALICE.extra()), listFlunders(path, "app=web"));
    authorizer.authorize(new UserInfo("alice", "", List.of("dev"), Map.of("a", List.of("1"))), listFlunders(path, "app=web"));
    authorizer.authorize(ALICE, RequestInfo.nonResource("/metrics", "GET"));
    authorizer.authorize(ALICE, RequestInfo.nonResource("/healthz", "GET"));

    assertThat(sent).hasSize(6);
  }
}
