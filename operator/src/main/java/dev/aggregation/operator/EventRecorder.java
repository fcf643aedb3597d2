package dev.aggregation.operator;

import dev.aggregation.operator.customresource.ApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events about an ApiServer, so that {@code kubectl describe apiserver} explains failures. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "apiserver-operator";

  private final Clock clock;

  public EventRecorder(Clock clock) {
    this.clock = clock;
  }

  public void warning(KubernetesClient client, ApiServer apiServer, String reason, String message) {
    record(client, apiServer, "Warning", reason, message);
  }

  public void normal(KubernetesClient client, ApiServer apiServer, String reason, String message) {
    record(client, apiServer, "Normal", reason, message);
  }

  private void record(KubernetesClient client, ApiServer apiServer, String type, String reason, String message) {
    Instant now = clock.instant();
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(apiServer.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli() * 1000 + now.getNano() % 1000))
            .withNamespace(apiServer.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(apiServer.getApiVersion())
            .withKind(apiServer.getKind())
            .withName(apiServer.getMetadata().getName())
            .withNamespace(apiServer.getMetadata().getNamespace())
            .withUid(apiServer.getMetadata().getUid())
            .withResourceVersion(apiServer.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .withReportingInstance(COMPONENT)
            .withAction(reason)
            .withFirstTimestamp(timestamp)
            .withLastTimestamp(timestamp)
            .withEventTime(new MicroTime(DateTimeFormatter.ISO_INSTANT.format(now)))
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(apiServer.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event that cannot be written must not fail the reconcile it reports on; the status says the same.
      LOG.warn("cannot record event {} on ApiServer {}/{}: {}", reason, apiServer.getMetadata().getNamespace(),
          apiServer.getMetadata().getName(), e.getMessage());
    }
  }
}
