package dev.aggregation.operator;

import dev.aggregation.operator.certificates.CertificatePlanner;
import dev.aggregation.operator.certificates.CertificatePolicy;
import dev.aggregation.operator.certificates.CertificateSecretData;
import dev.aggregation.operator.customresource.ApiServer;
import dev.aggregation.operator.customresource.ApiServerStatus;
import dev.aggregation.operator.customresource.ConditionType;
import dev.aggregation.operator.dependent.AggregateToAdminClusterRoleDependent;
import dev.aggregation.operator.dependent.AggregateToEditClusterRoleDependent;
import dev.aggregation.operator.dependent.AggregateToViewClusterRoleDependent;
import dev.aggregation.operator.dependent.ApiServerClusterRoleBindingDependent;
import dev.aggregation.operator.dependent.ApiServerClusterRoleDependent;
import dev.aggregation.operator.dependent.ApiServicesDependent;
import dev.aggregation.operator.dependent.AuditPolicyCondition;
import dev.aggregation.operator.dependent.AuditPolicyConfigMapDependent;
import dev.aggregation.operator.dependent.AuthDelegatorBindingDependent;
import dev.aggregation.operator.dependent.AuthReaderRoleBindingDependent;
import dev.aggregation.operator.dependent.CertificateSecretDependent;
import dev.aggregation.operator.dependent.DataVolumeClaimDependent;
import dev.aggregation.operator.dependent.DeploymentAvailableCondition;
import dev.aggregation.operator.dependent.DeploymentDependent;
import dev.aggregation.operator.dependent.EmbeddedStorageCondition;
import dev.aggregation.operator.dependent.MultipleReplicasCondition;
import dev.aggregation.operator.dependent.PodDisruptionBudgetDependent;
import dev.aggregation.operator.dependent.ReconcileScope;
import dev.aggregation.operator.dependent.ServiceAccountDependent;
import dev.aggregation.operator.dependent.ServiceDependent;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reconciles an ApiServer: refuses it when another one serves its group/version, otherwise runs the workflow of
 * its children (APIServices last, once the Deployment is available; deleted first by the finalizer) and writes
 * the status it observes. The workflow is invoked explicitly so that a refused ApiServer touches nothing.
 */
@ControllerConfiguration(
    name = ApiServerReconciler.NAME,
    fieldManager = ApiServerReconciler.NAME,
    finalizerName = ApiServerReconciler.FINALIZER)
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "certificate-secret", type = CertificateSecretDependent.class),
      @Dependent(name = "service-account", type = ServiceAccountDependent.class),
      @Dependent(name = "auth-delegator", type = AuthDelegatorBindingDependent.class, dependsOn = "service-account"),
      @Dependent(name = "auth-reader", type = AuthReaderRoleBindingDependent.class, dependsOn = "service-account"),
      @Dependent(name = "apiserver-clusterrole", type = ApiServerClusterRoleDependent.class),
      @Dependent(
          name = "apiserver-clusterrolebinding",
          type = ApiServerClusterRoleBindingDependent.class,
          dependsOn = {"service-account", "apiserver-clusterrole"}),
      @Dependent(name = "aggregate-to-admin", type = AggregateToAdminClusterRoleDependent.class),
      @Dependent(name = "aggregate-to-edit", type = AggregateToEditClusterRoleDependent.class),
      @Dependent(name = "aggregate-to-view", type = AggregateToViewClusterRoleDependent.class),
      @Dependent(name = "service", type = ServiceDependent.class),
      @Dependent(
          name = "audit-policy",
          type = AuditPolicyConfigMapDependent.class,
          reconcilePrecondition = AuditPolicyCondition.class),
      @Dependent(
          name = "data-volume",
          type = DataVolumeClaimDependent.class,
          reconcilePrecondition = EmbeddedStorageCondition.class),
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          dependsOn = {
            "certificate-secret",
            "service-account",
            "auth-delegator",
            "auth-reader",
            "apiserver-clusterrolebinding"
          },
          readyPostcondition = DeploymentAvailableCondition.class),
      @Dependent(
          name = "pod-disruption-budget",
          type = PodDisruptionBudgetDependent.class,
          reconcilePrecondition = MultipleReplicasCondition.class),
      // A leaf, so that the finalizer's reverse walk deletes the APIServices before anything else.
      @Dependent(
          name = "apiservices",
          type = ApiServicesDependent.class,
          dependsOn = {"deployment", "service", "certificate-secret"}),
    })
public class ApiServerReconciler implements Reconciler<ApiServer>, Cleaner<ApiServer> {
  /** Controller name and field manager; stable across releases so that a new release adopts old objects. */
  public static final String NAME = "apiserver-operator";

  public static final String FINALIZER = "aggregation.dev/finalizer";
  /** Reconcile at least this often even if nothing happens (JOSDK's own failsafe is 10 hours). */
  static final Duration MAX_INTERVAL = Duration.ofHours(1);
  /** How often a refused ApiServer checks whether the group/version became free. */
  static final Duration CONFLICT_RECHECK = Duration.ofSeconds(30);
  /** A Secret the user brings changes without an event the operator sees; look again this often. */
  static final Duration PROVIDED_SECRET_RECHECK = Duration.ofMinutes(5);

  private final OperatorSettings settings;
  private final Clock clock;
  private final CertificatePlanner planner;
  private final StatusReport statusReport;
  private final EventRecorder events;
  private final ConflictDetector conflicts = new ConflictDetector();

  public ApiServerReconciler(OperatorSettings settings, Clock clock, CertificatePlanner planner) {
    this.settings = settings;
    this.clock = clock;
    this.planner = planner;
    this.statusReport = new StatusReport(clock, planner.reader());
    this.events = new EventRecorder(clock);
  }

  @Override
  public UpdateControl<ApiServer> reconcile(ApiServer apiServer, Context<ApiServer> context) {
    new ReconcileScope(settings, clock, planner).putInto(context);
    Optional<String> conflict = conflicts.find(apiServer, context);
    if (conflict.isPresent()) {
      if (!conditionIs(apiServer, ConditionType.Conflict, "True")) {
        events.warning(context.getClient(), apiServer, "Conflict", conflict.get());
      }
      return withStatus(apiServer, statusReport.conflicted(apiServer, conflict.get())).rescheduleAfter(CONFLICT_RECHECK);
    }
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    ApiServerStatus status = statusReport.observed(apiServer, context, Optional.empty());
    if (becameReady(apiServer, status)) {
      events.normal(context.getClient(), apiServer, "Ready",
          "kube-apiserver serves " + apiServer.getSpec().group() + " through this apiserver");
    }
    return withStatus(apiServer, status).rescheduleAfter(nextReconcile(apiServer, context));
  }

  /**
   * Patches the status only when it differs from the one the ApiServer holds: most reconciles (a child's event, the
   * periodic one) observe what the last one wrote, and a patch that changes nothing is a write to kube-apiserver and
   * an event to every watcher of ApiServers. Conditions keep their lastTransitionTime while their status stays, so
   * an unchanged observation is an equal status.
   */
  private static UpdateControl<ApiServer> withStatus(ApiServer apiServer, ApiServerStatus status) {
    if (status.equals(apiServer.getStatus())) {
      return UpdateControl.noUpdate();
    }
    apiServer.setStatus(status);
    return UpdateControl.patchStatus(apiServer);
  }

  @Override
  public ErrorStatusUpdateControl<ApiServer> updateErrorStatus(
      ApiServer apiServer, Context<ApiServer> context, Exception e) {
    String message = describe(e);
    String previous = condition(apiServer, ConditionType.Ready).map(Condition::getMessage).orElse(null);
    if (!Objects.equals(previous, message)) {
      events.warning(context.getClient(), apiServer, "ReconcileFailed", message);
    }
    apiServer.setStatus(statusReport.observed(apiServer, context, Optional.of(message)));
    return ErrorStatusUpdateControl.patchStatus(apiServer);
  }

  @Override
  public DeleteControl cleanup(ApiServer apiServer, Context<ApiServer> context) {
    new ReconcileScope(settings, clock, planner).putInto(context);
    // Reverse workflow order: the APIServices go first, so discovery never points at a Service being removed.
    context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
    return DeleteControl.defaultDelete();
  }

  /** The next certificate step (renewal, CA staging or promotion, retiring a CA), at most {@link #MAX_INTERVAL}. */
  private Duration nextReconcile(ApiServer apiServer, Context<ApiServer> context) {
    Duration next = MAX_INTERVAL;
    if (apiServer.getSpec().certificates() != null && apiServer.getSpec().certificates().secretName() != null) {
      next = PROVIDED_SECRET_RECHECK;
    }
    Optional<Instant> certificateStep =
        context
            .getSecondaryResource(Secret.class)
            .flatMap(secret -> planner.nextActionAt(
                CertificateSecretData.decode(secret.getData()),
                CertificatePolicy.of(apiServer.getSpec().certificates())));
    if (certificateStep.isPresent()) {
      // One second late rather than early: at the instant itself the planner sees the step as due.
      Duration untilStep = Duration.between(clock.instant(), certificateStep.get()).plusSeconds(1);
      if (untilStep.compareTo(next) < 0) {
        next = untilStep.isNegative() ? Duration.ofSeconds(1) : untilStep;
      }
    }
    return next;
  }

  private static boolean becameReady(ApiServer apiServer, ApiServerStatus status) {
    boolean readyNow = status.conditions().stream()
        .anyMatch(c -> ConditionType.Ready.name().equals(c.getType()) && "True".equals(c.getStatus()));
    return readyNow && !conditionIs(apiServer, ConditionType.Ready, "True");
  }

  private static boolean conditionIs(ApiServer apiServer, ConditionType type, String status) {
    return condition(apiServer, type).map(c -> status.equals(c.getStatus())).orElse(false);
  }

  private static Optional<Condition> condition(ApiServer apiServer, ConditionType type) {
    return Optional.ofNullable(apiServer.getStatus())
        .map(ApiServerStatus::conditions)
        .flatMap(conditions -> conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst());
  }

  private static String describe(Exception e) {
    if (e instanceof AggregatedOperatorException aggregated) {
      return aggregated.getAggregatedExceptions().entrySet().stream()
          .map(entry -> entry.getKey() + ": " + rootMessage(entry.getValue()))
          .sorted()
          .collect(Collectors.joining("; "));
    }
    return rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
