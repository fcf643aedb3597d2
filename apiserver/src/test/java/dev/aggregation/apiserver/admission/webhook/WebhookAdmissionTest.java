package dev.aggregation.apiserver.admission.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aggregation.apiserver.admission.AdmissionAttributes;
import dev.aggregation.apiserver.admission.AdmissionFeedback;
import dev.aggregation.apiserver.admission.Operation;
import dev.aggregation.apiserver.admission.namespace.InformerNamespaceLookup;
import dev.aggregation.apiserver.apis.wardle.FlunderStrategy;
import dev.aggregation.apiserver.authn.UserInfo;
import dev.aggregation.apiserver.machinery.ApiException;
import dev.aggregation.apiserver.machinery.Json;
import dev.aggregation.apiserver.machinery.Meta;
import dev.aggregation.apiserver.registry.Conversions;
import dev.aggregation.apiserver.registry.ResourceStrategy;
import dev.aggregation.apiserver.server.tls.CertificateAuthority;
import dev.aggregation.apiserver.server.tls.IssuedCertificate;
import dev.aggregation.apiserver.server.tls.Pem;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook plugins against a real HTTPS webhook server (its own CA) registered through webhook
 * configurations in kubernetes-server-mock (CRUD mode) playing kube-apiserver.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookAdmissionTest {
  private static final ResourceStrategy FLUNDERS = new FlunderStrategy();
  private static Vertx vertx;
  private static HttpServer webhookServer;
  private static String caBundle;
  private static final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

  KubernetesClient client;
  private InformerNamespaceLookup namespaces;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private WebhookCaller caller;

  record Received(String path, JsonNode review) {}

  @BeforeAll
  static void startWebhookServer() throws Exception {
    vertx = Vertx.vertx();
    CertificateAuthority ca = CertificateAuthority.create("webhook-test-ca", Duration.ofDays(1), Clock.systemUTC());
    IssuedCertificate serving = ca.issueServing("webhook", List.of("localhost", "hooks.webhooks.svc"),
        List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(1));
    caBundle = Base64.getEncoder().encodeToString(Pem.encodeCertificate(ca.certificate()).getBytes(StandardCharsets.US_ASCII));
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .addCertValue(Buffer.buffer(serving.certificatePem())).addKeyValue(Buffer.buffer(serving.privateKeyPem())));
    webhookServer = vertx.createHttpServer(options).requestHandler(request -> request.body().onSuccess(body -> {
      JsonNode review = Json.readObject(body.getBytes());
      received.add(new Received(request.path(), review));
      if (request.path().equals("/slow")) {
        return; // never answers: the caller's timeout decides
      }
      ObjectNode answer = Json.object();
      answer.put("apiVersion", review.path("apiVersion").asText());
      answer.put("kind", "AdmissionReview");
      ObjectNode response = answer.putObject("response");
      response.put("uid", review.path("request").path("uid").asText());
      switch (request.path()) {
        case "/deny" -> {
          response.put("allowed", false);
          response.putObject("status").put("message", "no flunders here").put("code", 403);
        }
        case "/mutate" -> {
          response.put("allowed", true);
          response.put("patchType", "JSONPatch");
          String patch = "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"mutated-by\":\"webhook\"}}]";
          response.put("patch", Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
        }
        default -> {
          response.put("allowed", true);
          response.putArray("warnings").add("flunders are deprecated");
        }
      }
      request.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.bytes(answer)));
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopWebhookServer() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void cluster() {
    received.clear();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("prod").withLabels(Map.of("env", "prod")).endMetadata().build()).create();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dev").withLabels(Map.of("env", "dev")).endMetadata().build()).create();
    namespaces = InformerNamespaceLookup.start(client, Duration.ofSeconds(10));
    closeables.add(namespaces);
    // webhooks named by service reach the test server: the resolver plays the cluster's service network
    caller = new WebhookCaller(vertx, (namespace, name, port) ->
        namespace.equals("webhooks") && name.equals("hooks") ? Optional.of(SocketAddress.inetSocketAddress(webhookServer.actualPort(), "127.0.0.1")) : Optional.empty());
    closeables.add(caller);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private static WebhookClientConfig url(String path) {
    return new WebhookClientConfigBuilder().withUrl("https://localhost:" + webhookServer.actualPort() + path).withCaBundle(caBundle).build();
  }

  private static ValidatingWebhookBuilder validating(String name, WebhookClientConfig clientConfig) {
    return new ValidatingWebhookBuilder().withName(name).withClientConfig(clientConfig).withSideEffects("None")
        .withAdmissionReviewVersions("v1")
        .withRules(new RuleWithOperationsBuilder().withOperations("CREATE", "UPDATE").withApiGroups("wardle.example.com")
            .withApiVersions("*").withResources("flunders").build());
  }

  private ValidatingAdmissionWebhook validatingPlugin(ValidatingWebhook... webhooks) {
    client.admissionRegistration().v1().validatingWebhookConfigurations().resource(new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName("checks").endMetadata().withWebhooks(webhooks).build()).create();
    WebhookConfigurations<?> source = WebhookConfigurations.validating(client, Duration.ofSeconds(10));
    closeables.add(source);
    return new ValidatingAdmissionWebhook(source, namespaces, caller);
  }

  private static final class Recorded implements AdmissionFeedback {
    final List<String> warnings = new ArrayList<>();
    final List<String> annotations = new ArrayList<>();

    @Override
    public void warn(String warning) {
      warnings.add(warning);
    }

    @Override
    public void annotate(String key, String value) {
      annotations.add(key + "=" + value);
    }
  }

  /** A create of a Flunder in {@code version}, its hub form holding {@code labels}. */
  private static AdmissionAttributes create(String version, String namespace, Map<String, String> labels, AdmissionFeedback feedback) {
    ObjectNode versioned = Json.object();
    versioned.put("apiVersion", "wardle.example.com/" + version);
    versioned.put("kind", "Flunder");
    ObjectNode meta = versioned.putObject("metadata").put("name", "f").put("namespace", namespace);
    if (!labels.isEmpty()) {
      ObjectNode l = meta.putObject("labels");
      labels.forEach(l::put);
    }
    versioned.putObject("spec");
    ObjectNode hub = Conversions.toHub(FLUNDERS, FLUNDERS.version(version), versioned);
    return new AdmissionAttributes(Operation.CREATE, FLUNDERS, version, "", namespace, "f", hub, null,
        new UserInfo("alice", "alice-uid", List.of("devs"), Map.of()), false, null, feedback);
  }

  @Test
  void aDenialCarriesTheWebhooksMessage() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("deny.example.com", url("/deny")).build());
    ApiException error = catchThrowableOfType(ApiException.class, () -> plugin.validate(create("v1alpha1", "prod", Map.of(), AdmissionFeedback.NONE)));
    assertThat(error.code()).isEqualTo(403);
    assertThat(error.getMessage()).isEqualTo("admission webhook \"deny.example.com\" denied the request: no flunders here");
    assertThat(error.status().getStatus()).isEqualTo("Failure");
  }

  @Test
  void anAllowingWebhookGetsAnAdmissionReviewAndItsWarningsReachTheRequest() {
    Recorded feedback = new Recorded();
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("allow.example.com", url("/allow")).build());
    assertThatNoException().isThrownBy(() -> plugin.validate(create("v1alpha1", "prod", Map.of(), feedback)));
    assertThat(feedback.warnings).containsExactly("flunders are deprecated");
    JsonNode request = received.peek().review().path("request");
    assertThat(received.peek().review().path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(request.path("uid").asText()).isNotEmpty();
    assertThat(request.path("kind").toString()).isEqualTo("{\"group\":\"wardle.example.com\",\"version\":\"v1alpha1\",\"kind\":\"Flunder\"}");
    assertThat(request.path("resource").toString()).isEqualTo("{\"group\":\"wardle.example.com\",\"version\":\"v1alpha1\",\"resource\":\"flunders\"}");
    assertThat(request.path("operation").asText()).isEqualTo("CREATE");
    assertThat(request.path("namespace").asText()).isEqualTo("prod");
    assertThat(request.path("name").asText()).isEqualTo("f");
    assertThat(request.path("userInfo").path("username").asText()).isEqualTo("alice");
    assertThat(request.path("object").path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
    assertThat(request.path("oldObject").isNull()).isTrue();
    assertThat(request.path("dryRun").asBoolean()).isFalse();
  }

  @Test
  void aMutatingWebhooksJsonPatchChangesTheObject() {
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
        .withNewMetadata().withName("mutators").endMetadata()
        .withWebhooks(new MutatingWebhookBuilder().withName("label.example.com").withClientConfig(url("/mutate")).withSideEffects("None")
            .withAdmissionReviewVersions("v1")
            .withRules(new RuleWithOperationsBuilder().withOperations("*").withApiGroups("*").withApiVersions("*").withResources("*").build())
            .build())
        .build()).create();
    WebhookConfigurations<?> source = WebhookConfigurations.mutating(client, Duration.ofSeconds(10));
    closeables.add(source);
    Recorded feedback = new Recorded();
    AdmissionAttributes attributes = create("v1beta1", "prod", Map.of(), feedback);
    new MutatingAdmissionWebhook(source, namespaces, caller).admit(attributes);
    assertThat(Meta.labels(attributes.object())).containsEntry("mutated-by", "webhook");
    assertThat(attributes.object().path("apiVersion").asText()).isEqualTo("wardle.example.com/" + Conversions.HUB_API_VERSION);
    assertThat(feedback.annotations).containsExactly(
        "mutation.webhook.admission.k8s.io/round_0_index_0={\"configuration\":\"mutators\",\"webhook\":\"label.example.com\",\"mutated\":true}");
  }

  @Test
  void aTimedOutWebhookIsSkippedUnderFailurePolicyIgnore() {
    Recorded feedback = new Recorded();
    ValidatingAdmissionWebhook plugin = validatingPlugin(
        validating("slow.example.com", url("/slow")).withTimeoutSeconds(1).withFailurePolicy("Ignore").build());
    assertThatNoException().isThrownBy(() -> plugin.validate(create("v1alpha1", "prod", Map.of(), feedback)));
    assertThat(feedback.annotations).containsExactly("failed-open.validating.webhook.admission.k8s.io/round_0_index_0=slow.example.com");
  }

  @Test
  void aTimedOutWebhookFailsTheRequestUnderFailurePolicyFail() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(
        validating("slow.example.com", url("/slow")).withTimeoutSeconds(1).withFailurePolicy("Fail").build());
    ApiException error = catchThrowableOfType(ApiException.class, () -> plugin.validate(create("v1alpha1", "prod", Map.of(), AdmissionFeedback.NONE)));
    assertThat(error.code()).isEqualTo(500);
    assertThat(error.reason()).isEqualTo("InternalError");
    assertThat(error.getMessage()).isEqualTo("Internal error occurred: failed calling webhook \"slow.example.com\": failed to call webhook: Post \"https://localhost:"
        + webhookServer.actualPort() + "/slow?timeout=1s\": context deadline exceeded");
  }

  @Test
  void aNamespaceSelectorLimitsTheWebhookToMatchingNamespaces() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("deny.example.com", url("/deny"))
        .withNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("env", "prod")).build()).build());
    assertThatNoException().isThrownBy(() -> plugin.validate(create("v1alpha1", "dev", Map.of(), AdmissionFeedback.NONE)));
    assertThat(received).isEmpty();
    assertThat(catchThrowableOfType(ApiException.class, () -> plugin.validate(create("v1alpha1", "prod", Map.of(), AdmissionFeedback.NONE))).code())
        .isEqualTo(403);
  }

  @Test
  void anObjectSelectorLimitsTheWebhookToMatchingObjects() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("deny.example.com", url("/deny"))
        .withObjectSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("guarded").withOperator("Exists").endMatchExpression().build())
        .build());
    assertThatNoException().isThrownBy(() -> plugin.validate(create("v1alpha1", "prod", Map.of("other", "x"), AdmissionFeedback.NONE)));
    assertThat(received).isEmpty();
    assertThat(catchThrowableOfType(ApiException.class,
        () -> plugin.validate(create("v1alpha1", "prod", Map.of("guarded", "yes"), AdmissionFeedback.NONE))).code()).isEqualTo(403);
  }

  @Test
  void aWebhookWhoseRulesDoNotMatchIsNotCalled() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("deny.example.com", url("/deny"))
        .withRules(new RuleWithOperationsBuilder().withOperations("CREATE").withApiGroups("wardle.example.com")
            .withApiVersions("*").withResources("fischers").build())
        .build());
    assertThatNoException().isThrownBy(() -> plugin.validate(create("v1alpha1", "prod", Map.of(), AdmissionFeedback.NONE)));
    assertThat(received).isEmpty();
  }

  @Test
  void matchPolicyEquivalentSendsTheObjectInTheVersionTheWebhookAskedFor() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("allow.example.com", url("/allow"))
        .withRules(new RuleWithOperationsBuilder().withOperations("CREATE").withApiGroups("wardle.example.com")
            .withApiVersions("v1alpha1").withResources("flunders").build())
        .build());
    plugin.validate(create("v1beta1", "prod", Map.of(), AdmissionFeedback.NONE));
    JsonNode request = received.peek().review().path("request");
    assertThat(request.path("kind").path("version").asText()).isEqualTo("v1alpha1");
    assertThat(request.path("requestKind").path("version").asText()).isEqualTo("v1beta1");
    assertThat(request.path("object").path("apiVersion").asText()).isEqualTo("wardle.example.com/v1alpha1");
  }

  @Test
  void matchPolicyExactDoesNotCallAWebhookForAnotherVersion() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("deny.example.com", url("/deny")).withMatchPolicy("Exact")
        .withRules(new RuleWithOperationsBuilder().withOperations("CREATE").withApiGroups("wardle.example.com")
            .withApiVersions("v1alpha1").withResources("flunders").build())
        .build());
    assertThatNoException().isThrownBy(() -> plugin.validate(create("v1beta1", "prod", Map.of(), AdmissionFeedback.NONE)));
    assertThat(received).isEmpty();
  }

  @Test
  void aServiceReferenceIsCalledAtItsServiceNameWithItsPath() {
    WebhookClientConfig service = new WebhookClientConfigBuilder().withCaBundle(caBundle)
        .withNewService().withNamespace("webhooks").withName("hooks").withPort(webhookServer.actualPort()).withPath("/deny").endService().build();
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("deny.example.com", service).build());
    assertThat(catchThrowableOfType(ApiException.class, () -> plugin.validate(create("v1alpha1", "prod", Map.of(), AdmissionFeedback.NONE))).code())
        .isEqualTo(403);
    assertThat(received.peek().path()).isEqualTo("/deny");
  }

  @Test
  void aDryRunNeverReachesAWebhookWithSideEffects() {
    ValidatingAdmissionWebhook plugin = validatingPlugin(validating("effects.example.com", url("/allow")).withSideEffects("Some").build());
    AdmissionAttributes dryRun = create("v1alpha1", "prod", Map.of(), AdmissionFeedback.NONE);
    AdmissionAttributes attributes = new AdmissionAttributes(dryRun.operation(), dryRun.strategy(), dryRun.version(), "", "prod", "f",
        dryRun.object(), null, dryRun.user(), true, null, AdmissionFeedback.NONE);
    ApiException error = catchThrowableOfType(ApiException.class, () -> plugin.validate(attributes));
    assertThat(error.code()).isEqualTo(400);
    assertThat(error.getMessage()).isEqualTo("admission webhook \"effects.example.com\" does not support dry run");
    assertThat(received).isEmpty();
  }
}
