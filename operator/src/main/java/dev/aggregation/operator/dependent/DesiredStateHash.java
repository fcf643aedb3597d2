package dev.aggregation.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * A hash of the desired state, written into an annotation of each child. The non-SSA matcher JOSDK offers ignores
 * additions on purpose (the API server adds defaults) and so misses removals from the desired state, e.g. a
 * toleration taken out of the ApiServer. Comparing this hash catches every change of the desired state, with the
 * generic matcher still catching edits others make to the fields the operator sets.
 */
public final class DesiredStateHash {
  public static final String ANNOTATION = "aggregation.dev/desired-state-hash";
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private DesiredStateHash() {}

  /** Writes the hash of {@code desired} (excluding the annotation itself) into its annotations. */
  public static <R extends HasMetadata> R stamp(R desired) {
    ObjectMeta metadata = desired.getMetadata();
    Map<String, String> annotations = metadata.getAnnotations() == null ? new HashMap<>() : new HashMap<>(metadata.getAnnotations());
    annotations.remove(ANNOTATION);
    metadata.setAnnotations(annotations);
    String hash = hash(desired);
    annotations.put(ANNOTATION, hash);
    return desired;
  }

  /** Whether {@code actual} was last written from a desired state equal to {@code desired}. */
  public static boolean sameDesiredState(HasMetadata actual, HasMetadata desired) {
    return Objects.equals(annotation(actual), annotation(desired));
  }

  private static String annotation(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }

  private static String hash(HasMetadata desired) {
    try {
      byte[] json = CANONICAL.writeValueAsBytes(desired);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 32);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash the desired " + desired.getKind() + " " + desired.getMetadata().getName(), e);
    }
  }
}
