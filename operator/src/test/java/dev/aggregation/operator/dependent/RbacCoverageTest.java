package dev.aggregation.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerSpec;
import dev.aggregation.operator.customresource.EtcdStorage;
import dev.aggregation.operator.customresource.ServedVersion;
import dev.aggregation.operator.customresource.StorageSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's ClusterRole (config/rbac/role.yaml) against Kubernetes' RBAC escalation prevention: a role may
 * be created only by someone who holds every permission in it or has {@code escalate} on it; a binding only by
 * someone who holds every permission of the role it references or has {@code bind} on that role.
 */
class RbacCoverageTest {
  /** The rules of the built-in roles the operator binds (Kubernetes' bootstrap policy). */
  static final Map<String, List<PolicyRule>> BUILT_IN = Map.of(
      "ClusterRole/system:auth-delegator", List.of(
          rule("authentication.k8s.io", "tokenreviews", null, "create"),
          rule("authorization.k8s.io", "subjectaccessreviews", null, "create")),
      "Role/extension-apiserver-authentication-reader", List.of(
          rule("", "configmaps", "extension-apiserver-authentication", "get", "list", "watch")));

  List<PolicyRule> operator;
  ApiServer apiServer;

  @BeforeEach
  void load() throws Exception {
    operator = Serialization.unmarshal(Files.readString(Path.of(System.getProperty("operator.rbac"))), ClusterRole.class)
        .getRules();
    apiServer = new ApiServer();
    apiServer.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("wardle").build());
    apiServer.setSpec(new ApiServerSpec("wardle.example.com", List.of(new ServedVersion("v1", null)), null, null, 2,
        null, new StorageSpec(null, new EtcdStorage(List.of("https://etcd:2379"), null, null)), null, null, null,
        null, null, null, null));
  }

  @Test
  void operatorMayCreateEveryClusterRoleItManages() {
    for (ClusterRole role : clusterRoles()) {
      assertThat(mayCreateRole(operator, role.getMetadata().getName(), role.getRules()))
          .as("create ClusterRole %s", role.getMetadata().getName())
          .isTrue();
    }
  }

  @Test
  void operatorMayCreateEveryBindingItManages() {
    List<ClusterRole> created = clusterRoles();
    for (ClusterRoleBinding binding : clusterRoleBindings()) {
      assertThat(mayBind(operator, binding.getRoleRef(), created))
          .as("bind %s in ClusterRoleBinding %s", binding.getRoleRef().getName(), binding.getMetadata().getName())
          .isTrue();
    }
    RoleBinding reader = new AuthReaderRoleBindingDependent().build(apiServer, null);
    assertThat(mayBind(operator, reader.getRoleRef(), created)).as("bind the auth reader Role in kube-system").isTrue();
  }

  @Test
  void operatorMayManageEveryKindItCreates() {
    for (String[] kind : new String[][] {
        {"", "secrets"}, {"", "services"}, {"", "serviceaccounts"}, {"", "configmaps"}, {"", "persistentvolumeclaims"},
        {"apps", "deployments"}, {"policy", "poddisruptionbudgets"}, {"apiregistration.k8s.io", "apiservices"},
        {"rbac.authorization.k8s.io", "clusterroles"}, {"rbac.authorization.k8s.io", "clusterrolebindings"},
        {"rbac.authorization.k8s.io", "rolebindings"}}) {
      for (String verb : List.of("get", "list", "watch", "create", "update", "delete")) {
        assertThat(covers(operator, new Atom(verb, kind[0], kind[1], null))).as("%s %s/%s", verb, kind[0], kind[1])
            .isTrue();
      }
    }
    assertThat(covers(operator, new Atom("patch", "aggregation.dev", "apiservers/status", null))).isTrue();
    assertThat(covers(operator, new Atom("update", "aggregation.dev", "apiservers/finalizers", null))).isTrue();
    assertThat(covers(operator, new Atom("create", "", "events", null))).isTrue();
  }

  /** JOSDK's LeaderElectionManager checks get, create and update on leases in the lease namespace at startup. */
  @Test
  void leaderElectionRoleCoversTheLeaseVerbsJosdkChecks() throws Exception {
    io.fabric8.kubernetes.api.model.rbac.Role role = Serialization.unmarshal(
        Files.readString(Path.of(System.getProperty("operator.leader-election-rbac"))),
        io.fabric8.kubernetes.api.model.rbac.Role.class);

    for (String verb : List.of("get", "create", "update")) {
      assertThat(covers(role.getRules(), new Atom(verb, "coordination.k8s.io", "leases", null))).as(verb).isTrue();
    }
    assertThat(role.getMetadata().getNamespace()).isEqualTo("apiserver-operator-system");
  }

  @Test
  void withoutBindTheAuthDelegatorBindingWouldBeRefused() {
    List<PolicyRule> withoutBind = operator.stream().filter(r -> !r.getVerbs().contains("bind")).toList();
    ClusterRoleBinding delegator = new AuthDelegatorBindingDependent().build(apiServer, null);

    assertThat(mayBind(withoutBind, delegator.getRoleRef(), clusterRoles())).isFalse();
  }

  // --- the model of pkg/registry/rbac/validation: rules broken into single permissions, `*` covers all --------

  record Atom(String verb, String group, String resource, String resourceName) {}

  List<ClusterRole> clusterRoles() {
    return Stream.of(new ApiServerClusterRoleDependent(), new AggregateToAdminClusterRoleDependent(),
            new AggregateToEditClusterRoleDependent(), new AggregateToViewClusterRoleDependent())
        .map(dependent -> dependent.build(apiServer, null))
        .toList();
  }

  List<ClusterRoleBinding> clusterRoleBindings() {
    return List.of(new AuthDelegatorBindingDependent().build(apiServer, null),
        new ApiServerClusterRoleBindingDependent().build(apiServer, null));
  }

  static boolean mayCreateRole(List<PolicyRule> holder, String name, List<PolicyRule> rules) {
    return covers(holder, new Atom("escalate", "rbac.authorization.k8s.io", "clusterroles", name))
        || coversAll(holder, rules);
  }

  static boolean mayBind(List<PolicyRule> holder, RoleRef roleRef, List<ClusterRole> created) {
    String resource = "ClusterRole".equals(roleRef.getKind()) ? "clusterroles" : "roles";
    if (covers(holder, new Atom("bind", "rbac.authorization.k8s.io", resource, roleRef.getName()))) {
      return true;
    }
    List<PolicyRule> referenced = BUILT_IN.get(roleRef.getKind() + "/" + roleRef.getName());
    if (referenced == null) {
      referenced = created.stream().filter(r -> r.getMetadata().getName().equals(roleRef.getName())).findFirst()
          .orElseThrow(() -> new AssertionError("binding references unknown role " + roleRef.getName()))
          .getRules();
    }
    return coversAll(holder, referenced);
  }

  static boolean coversAll(List<PolicyRule> holder, List<PolicyRule> required) {
    return required.stream().flatMap(RbacCoverageTest::atoms).allMatch(atom -> covers(holder, atom));
  }

  static Stream<Atom> atoms(PolicyRule rule) {
    List<Atom> atoms = new ArrayList<>();
    List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
        ? java.util.Collections.singletonList(null) : rule.getResourceNames();
    for (String verb : rule.getVerbs()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String name : names) {
            atoms.add(new Atom(verb, group, resource, name));
          }
        }
      }
    }
    return atoms.stream();
  }

  /** Whether one rule of {@code holder} grants {@code atom}; a wildcard in the atom needs a wildcard. */
  static boolean covers(List<PolicyRule> holder, Atom atom) {
    return holder.stream().anyMatch(rule ->
        matches(rule.getVerbs(), atom.verb())
            && matches(rule.getApiGroups(), atom.group())
            && matches(rule.getResources(), atom.resource())
            && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                || (atom.resourceName() != null && rule.getResourceNames().contains(atom.resourceName()))));
  }

  static boolean matches(List<String> granted, String wanted) {
    return granted != null && (granted.contains("*") || granted.contains(wanted));
  }

  static PolicyRule rule(String group, String resource, String resourceName, String... verbs) {
    PolicyRuleBuilder builder = new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs);
    if (resourceName != null) {
      builder.withResourceNames(resourceName);
    }
    return builder.build();
  }
}
