package dev.aggregation.operator;

import dev.aggregation.operator.certificates.CertificatePolicy;
import dev.aggregation.operator.certificates.CertificateReader;
import dev.aggregation.operator.certificates.CertificateSecretData;
import dev.aggregation.operator.certificates.ServingCertificates;
import dev.aggregation.operator.certificates.Verification;
import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerStatus;
import dev.aggregation.operator.customresource.ApiServiceStatus;
import dev.aggregation.operator.customresource.CertificateStatus;
import dev.aggregation.operator.customresource.ConditionType;
import dev.aggregation.operator.customresource.ServedVersion;
import dev.aggregation.operator.dependent.Conditions;
import dev.aggregation.operator.dependent.Names;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceCondition;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The status of an ApiServer, read from the objects in the cluster (the Secret's certificates, the Deployment's
 * Available condition, each APIService's Available condition), never from what the operator meant to do.
 */
final class StatusReport {
  private final Clock clock;
  private final CertificateReader reader;

  StatusReport(Clock clock, CertificateReader reader) {
    this.clock = clock;
    this.reader = reader;
  }

  /** The status after a reconcile; {@code failure} is the error of a reconcile that failed, if any. */
  ApiServerStatus observed(ApiServer apiServer, Context<ApiServer> context, Optional<String> failure) {
    Instant now = clock.instant();
    ConditionFactory conditions = new ConditionFactory(apiServer, now);

    Optional<Secret> secret = context.getSecondaryResource(Secret.class);
    Optional<ServingCertificates> certificates = secret.flatMap(s -> certificates(apiServer, s));
    CertificateStatus certificateStatus = certificates.map(StatusReport::certificateStatus).orElse(null);
    Condition certificate = certificateCondition(apiServer, conditions, secret, certificates, now);

    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
    Condition available = deploymentCondition(conditions, deployment);
    boolean deploymentAvailable = deployment.map(Conditions::isAvailable).orElse(false);

    Map<String, APIService> apiServices =
        context.getSecondaryResources(APIService.class).stream()
            .collect(Collectors.toMap(a -> a.getMetadata().getName(), Function.identity(), (a, b) -> a));
    List<ApiServiceStatus> perVersion = new ArrayList<>();
    for (ServedVersion version : apiServer.getSpec().versions()) {
      String name = Names.apiService(version.name(), apiServer.getSpec().group());
      perVersion.add(apiServiceStatus(name, apiServices.get(name), deploymentAvailable));
    }
    List<ApiServiceStatus> unavailable = perVersion.stream().filter(s -> !Boolean.TRUE.equals(s.available())).toList();
    Condition apiServicesCondition =
        unavailable.isEmpty()
            ? conditions.of(ConditionType.APIServicesAvailable, true, "Available",
                "every APIService of the group reports Available")
            : conditions.of(ConditionType.APIServicesAvailable, false, unavailable.get(0).reason(),
                unavailable.stream().map(s -> s.name() + ": " + s.message()).collect(Collectors.joining("; ")));
    Condition conflict = conditions.of(ConditionType.Conflict, false, "NoConflict",
        "no other ApiServer serves these group versions");

    Condition ready;
    if (failure.isPresent()) {
      ready = conditions.of(ConditionType.Ready, false, "ReconcileFailed", failure.get());
    } else {
      Optional<Condition> firstFalse =
          List.of(certificate, available, apiServicesCondition).stream()
              .filter(c -> !"True".equals(c.getStatus()))
              .findFirst();
      ready = firstFalse
          .map(c -> conditions.of(ConditionType.Ready, false, c.getReason(), c.getType() + ": " + c.getMessage()))
          .orElseGet(() -> conditions.of(ConditionType.Ready, true, "Ready",
              "kube-apiserver serves " + apiServer.getSpec().group() + " through this apiserver"));
    }
    return new ApiServerStatus(
        apiServer.getMetadata().getGeneration(),
        List.of(ready, certificate, available, apiServicesCondition, conflict),
        certificateStatus,
        perVersion);
  }

  /** The status of an ApiServer refused because another one serves its group/version. */
  ApiServerStatus conflicted(ApiServer apiServer, String message) {
    ConditionFactory conditions = new ConditionFactory(apiServer, clock.instant());
    return new ApiServerStatus(
        apiServer.getMetadata().getGeneration(),
        List.of(
            conditions.of(ConditionType.Ready, false, "Conflict", message),
            conditions.of(ConditionType.Conflict, true, "GroupVersionClaimed", message)),
        null,
        List.of());
  }

  private Optional<ServingCertificates> certificates(ApiServer apiServer, Secret secret) {
    Map<String, String> pem = CertificateSecretData.decode(secret.getData());
    try {
      return pem.containsKey(CertificateSecretData.CA_KEY)
          ? reader.readIssued(pem)
          : Optional.of(CertificateSecretData.readProvided(Names.certificateSecret(apiServer), Map.of(
              CertificateSecretData.TLS_CRT, pem.getOrDefault(CertificateSecretData.TLS_CRT, ""),
              CertificateSecretData.TLS_KEY, pem.getOrDefault(CertificateSecretData.TLS_KEY, ""),
              CertificateSecretData.CA_CRT, pem.getOrDefault(CertificateSecretData.CA_BUNDLE, ""))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static CertificateStatus certificateStatus(ServingCertificates certificates) {
    return new CertificateStatus(
        timestamp(certificates.serving().notAfter()),
        certificates.issuerNotAfter().map(StatusReport::timestamp).orElse(null));
  }

  private static Condition certificateCondition(
      ApiServer apiServer,
      ConditionFactory conditions,
      Optional<Secret> secret,
      Optional<ServingCertificates> certificates,
      Instant now) {
    if (secret.isEmpty()) {
      return conditions.of(ConditionType.CertificateReady, false, "SecretMissing",
          "Secret " + Names.certificateSecret(apiServer) + " does not exist yet");
    }
    if (certificates.isEmpty()) {
      return conditions.of(ConditionType.CertificateReady, false, "Invalid",
          "Secret " + Names.certificateSecret(apiServer) + " does not hold a usable certificate and key");
    }
    ServingCertificates served = certificates.get();
    String requiredName = Names.serviceDnsNames(apiServer).get(2);
    if (!Verification.dnsNames(served.serving().certificate()).contains(requiredName)) {
      return conditions.of(ConditionType.CertificateReady, false, "NameMismatch",
          "the serving certificate does not name " + requiredName + ", the name the aggregator verifies");
    }
    if (!now.isBefore(served.serving().notAfter())) {
      return conditions.of(ConditionType.CertificateReady, false, "Expired",
          "the serving certificate expired at " + timestamp(served.serving().notAfter()));
    }
    if (served.trusted().stream().noneMatch(ca -> Verification.signedBy(served.serving().certificate(), ca))) {
      return conditions.of(ConditionType.CertificateReady, false, "Untrusted",
          "no CA of the caBundle signed the serving certificate");
    }
    String renewal = served.signingCa().isPresent()
        ? ", renewed from " + timestamp(dev.aggregation.operator.certificates.CertificatePlanner.renewAt(
            served.serving(), CertificatePolicy.of(apiServer.getSpec().certificates())))
        : " (provided by Secret " + apiServer.getSpec().certificates().secretName() + ")";
    return conditions.of(ConditionType.CertificateReady, true, "Valid",
        "serving certificate valid until " + timestamp(served.serving().notAfter()) + renewal);
  }

  private static Condition deploymentCondition(ConditionFactory conditions, Optional<Deployment> deployment) {
    if (deployment.isEmpty()) {
      return conditions.of(ConditionType.DeploymentAvailable, false, "NotFound", "the Deployment does not exist yet");
    }
    Deployment d = deployment.get();
    var status = d.getStatus();
    String counts = status == null ? "no status reported yet"
        : String.format("%d of %d replicas available, %d updated",
            nonNull(status.getAvailableReplicas()), d.getSpec().getReplicas(), nonNull(status.getUpdatedReplicas()));
    return Conditions.deploymentAvailable(d)
        .map(c -> conditions.of(ConditionType.DeploymentAvailable, "True".equals(c.getStatus()),
            c.getReason() == null ? "Available" : c.getReason(), counts))
        .orElseGet(() -> conditions.of(ConditionType.DeploymentAvailable, false, "Progressing", counts));
  }

  private static ApiServiceStatus apiServiceStatus(String name, APIService apiService, boolean deploymentAvailable) {
    if (apiService == null) {
      return deploymentAvailable
          ? new ApiServiceStatus(name, false, "NotCreated", "not created yet")
          : new ApiServiceStatus(name, false, "WaitingForDeployment",
              "created once the Deployment is available, so that discovery never points at no endpoint");
    }
    Optional<APIServiceCondition> available =
        apiService.getStatus() == null || apiService.getStatus().getConditions() == null
            ? Optional.empty()
            : apiService.getStatus().getConditions().stream().filter(c -> "Available".equals(c.getType())).findFirst();
    return available
        .map(c -> new ApiServiceStatus(name, "True".equals(c.getStatus()), c.getReason(), c.getMessage()))
        .orElseGet(() -> new ApiServiceStatus(name, false, "Unknown", "kube-apiserver reports no Available condition yet"));
  }

  private static int nonNull(Integer value) {
    return value == null ? 0 : value;
  }

  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Builds conditions that keep their lastTransitionTime while their status stays the same. */
  private static final class ConditionFactory {
    private final ApiServer apiServer;
    private final Instant now;

    ConditionFactory(ApiServer apiServer, Instant now) {
      this.apiServer = apiServer;
      this.now = now;
    }

    Condition of(ConditionType type, boolean status, String reason, String message) {
      String statusText = status ? "True" : "False";
      String transition =
          Optional.ofNullable(apiServer.getStatus())
              .map(ApiServerStatus::conditions)
              .flatMap(previous -> previous.stream().filter(c -> type.name().equals(c.getType())).findFirst())
              .filter(previous -> statusText.equals(previous.getStatus()))
              .map(Condition::getLastTransitionTime)
              .orElse(timestamp(now));
      return new ConditionBuilder()
          .withType(type.name())
          .withStatus(statusText)
          .withReason(reason == null || reason.isBlank() ? "Unknown" : reason)
          .withMessage(message == null ? "" : message)
          .withObservedGeneration(apiServer.getMetadata().getGeneration())
          .withLastTransitionTime(transition)
          .build();
    }
  }
}
