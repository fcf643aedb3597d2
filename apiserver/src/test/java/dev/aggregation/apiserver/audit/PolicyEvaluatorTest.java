package dev.aggregation.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.filters.RequestInfo;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
  private static final UserInfo ALICE = UserInfo.of("alice", List.of("devs", "system:authenticated"));

  private static PolicyEvaluator policy(String yaml) throws IOException {
    return new PolicyEvaluator(new PolicyLoader().parse(new YAMLMapper().readTree(yaml)));
  }

  private static RequestInfo resource(String verb, String namespace, String resource, String subresource, String name) {
    return new RequestInfo(true, "/apis/wardle.example.com/v1alpha1/x", verb, "apis", "wardle.example.com", "v1alpha1",
        namespace, resource, subresource, name);
  }

  private static final String HEADER = "apiVersion: audit.k8s.io/v1\nkind: Policy\n";

  @Test
  void theFirstMatchingRuleDecides() throws IOException {
    PolicyEvaluator evaluator = policy(HEADER + """
        rules:
        - level: RequestResponse
          users: ["bob"]
        - level: Request
          userGroups: ["devs"]
          verbs: ["create"]
        - level: Metadata
        """);
    assertThat(evaluator.evaluate(ALICE, resource("create", "ns", "flunders", "", "")).level()).isEqualTo(Level.REQUEST);
    assertThat(evaluator.evaluate(ALICE, resource("get", "ns", "flunders", "", "f")).level()).isEqualTo(Level.METADATA);
    assertThat(evaluator.evaluate(UserInfo.of("bob", List.of()), resource("get", "ns", "flunders", "", "f")).level())
        .isEqualTo(Level.REQUEST_RESPONSE);
  }

  @Test
  void noMatchingRuleIsLevelNone() throws IOException {
    PolicyEvaluator evaluator = policy(HEADER + "rules:\n- level: Metadata\n  users: [\"bob\"]\n");
    assertThat(evaluator.evaluate(ALICE, resource("get", "ns", "flunders", "", "f")).level()).isEqualTo(Level.NONE);
  }

  @Test
  void usersAndGroupsNeverMatchAnUnauthenticatedRequest() throws IOException {
    PolicyEvaluator evaluator = policy(HEADER + "rules:\n- level: Metadata\n  userGroups: [\"system:unauthenticated\"]\n");
    assertThat(evaluator.evaluate(null, resource("get", "ns", "flunders", "", "f")).level()).isEqualTo(Level.NONE);
  }

  @Test
  void resourcesMatchSubresourcesWildcardsNamesAndNamespaces() throws IOException {
    PolicyEvaluator evaluator = policy(HEADER + """
        rules:
        - level: RequestResponse
          resources:
          - group: wardle.example.com
            resources: ["flunders/status"]
        - level: Request
          namespaces: ["team"]
          resources:
          - group: wardle.example.com
            resources: ["flunders"]
            resourceNames: ["special"]
        - level: Metadata
          resources:
          - group: wardle.example.com
            resources: ["*/scale", "fischers/*"]
        """);
    assertThat(evaluator.evaluate(ALICE, resource("update", "ns", "flunders", "status", "f")).level()).isEqualTo(Level.REQUEST_RESPONSE);
    assertThat(evaluator.evaluate(ALICE, resource("get", "team", "flunders", "", "special")).level()).isEqualTo(Level.REQUEST);
    assertThat(evaluator.evaluate(ALICE, resource("get", "other", "flunders", "", "special")).level()).isEqualTo(Level.NONE);
    assertThat(evaluator.evaluate(ALICE, resource("get", "team", "flunders", "", "plain")).level()).isEqualTo(Level.NONE);
    assertThat(evaluator.evaluate(ALICE, resource("get", "ns", "flunders", "scale", "f")).level()).isEqualTo(Level.METADATA);
    assertThat(evaluator.evaluate(ALICE, resource("get", "", "fischers", "", "f")).level()).isEqualTo(Level.METADATA);
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByTrailingWildcard() throws IOException {
    PolicyEvaluator evaluator = policy(HEADER + "rules:\n- level: Metadata\n  nonResourceURLs: [\"/healthz*\", \"/version\"]\n");
    assertThat(evaluator.evaluate(ALICE, RequestInfo.nonResource("/healthz/ping", "GET")).level()).isEqualTo(Level.METADATA);
    assertThat(evaluator.evaluate(ALICE, RequestInfo.nonResource("/version", "GET")).level()).isEqualTo(Level.METADATA);
    assertThat(evaluator.evaluate(ALICE, RequestInfo.nonResource("/versions", "GET")).level()).isEqualTo(Level.NONE);
    assertThat(evaluator.evaluate(ALICE, resource("get", "ns", "healthz", "", "")).level()).isEqualTo(Level.NONE);
  }

  @Test
  void omittedStagesOfThePolicyAndTheRuleAddUp() throws IOException {
    PolicyEvaluator evaluator = policy(HEADER + """
        omitStages: [RequestReceived]
        rules:
        - level: Metadata
          omitStages: [ResponseStarted]
        """);
    assertThat(evaluator.evaluate(ALICE, resource("get", "ns", "flunders", "", "f")).omitStages())
        .containsExactlyInAnyOrder(Stage.REQUEST_RECEIVED, Stage.RESPONSE_STARTED);
  }

  @Test
  void refusesInvalidPolicies() {
    assertThatThrownBy(() -> policy(HEADER + "rules:\n- level: Everything\n"))
        .hasMessage("rules[0].level: Unsupported value: \"Everything\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
    assertThatThrownBy(() -> policy(HEADER + "rules: []\n")).hasMessage("loaded illegal policy with 0 rules");
    assertThatThrownBy(() -> policy(HEADER + "rules:\n- level: Metadata\n  nonResourceURLs: [\"/a*b\"]\n"))
        .hasMessage("rules[0].nonResourceURLs[0]: Invalid value: \"/a*b\": non-resource URL wildcards '*' must be the final character of the rule");
    assertThatThrownBy(() -> policy("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n- level: Metadata\n"))
        .hasMessageContaining("expected kind Policy of audit.k8s.io/v1");
  }
}
