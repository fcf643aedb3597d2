package dev.aggregation.apiserver.machinery.validation;

import static dev.aggregation.apiserver.machinery.validation.ObjectMetaValidationTest.json;
import static dev.aggregation.apiserver.machinery.validation.ObjectMetaValidationTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetaUpdateValidationTest {
  private static final String OLD =
      "{'name':'foo','namespace':'d','uid':'u1','resourceVersion':'5','generation':2,"
          + "'creationTimestamp':'2024-05-01T10:00:00Z','finalizers':['a.io/x']}";

  private static List<String> update(String newMeta, String oldMeta) {
    return messages(ObjectMetaUpdateValidation.validate(json(newMeta), json(oldMeta)));
  }

  @Test
  void acceptsAnUnchangedIdentity() {
    assertThat(update(OLD, OLD)).isEmpty();
  }

  @Test
  void acceptsTheSameCreationTimeWrittenDifferently() {
    assertThat(update(OLD.replace("2024-05-01T10:00:00Z", "2024-05-01T12:00:00+02:00"), OLD)).isEmpty();
  }

  @Test
  void keepsNameNamespaceAndUidImmutable() {
    assertThat(update(OLD.replace("'foo'", "'bar'").replace("'u1'", "'u2'"), OLD))
        .containsExactly(
            "metadata.name: Invalid value: \"bar\": field is immutable",
            "metadata.uid: Invalid value: \"u2\": field is immutable");
  }

  @Test
  void keepsTheCreationTimestampImmutable() {
    assertThat(update(OLD.replace("2024-05-01T10:00:00Z", "2024-06-01T10:00:00Z"), OLD))
        .containsExactly("metadata.creationTimestamp: Invalid value: 2024-06-01 10:00:00 +0000 UTC: field is immutable");
  }

  @Test
  void keepsTheDeletionTimestampImmutable() {
    String deleting = OLD.replace("'generation':2", "'generation':2,'deletionTimestamp':'2024-07-01T00:00:00Z'");
    assertThat(update(OLD, deleting))
        .containsExactly("metadata.deletionTimestamp: Invalid value: null: field is immutable");
  }

  @Test
  void refusesNewFinalizersWhileDeleting() {
    String deleting = OLD.replace("'generation':2", "'generation':2,'deletionTimestamp':'2024-07-01T00:00:00Z'");
    String added = deleting.replace("['a.io/x']", "['a.io/x','b.io/y']");
    assertThat(update(added, deleting))
        .containsExactly(
            "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new"
                + " finalizers []string{\"b.io/y\"}");
    assertThat(update(deleting.replace("['a.io/x']", "[]"), deleting)).isEmpty();
  }

  @Test
  void allowsNewFinalizersBeforeDeletion() {
    assertThat(update(OLD.replace("['a.io/x']", "['a.io/x','b.io/y']"), OLD)).isEmpty();
  }

  @Test
  void requiresAResourceVersion() {
    assertThat(update(OLD.replace(",'resourceVersion':'5'", ""), OLD))
        .containsExactly("metadata.resourceVersion: Invalid value: \"\": must be specified for an update");
    assertThat(ObjectMetaUpdateValidation.resourceVersionRequired().message())
        .isEqualTo("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
  }

  @Test
  void forbidsDecrementingTheGeneration() {
    assertThat(update(OLD.replace("'generation':2", "'generation':1"), OLD))
        .containsExactly("metadata.generation: Invalid value: 1: must not be decremented");
  }

  @Test
  void stillChecksLabels() {
    assertThat(update(OLD.replace("'uid':'u1'", "'uid':'u1','labels':{'k':'-'}"), OLD))
        .singleElement()
        .asString()
        .startsWith("metadata.labels: Invalid value: \"-\": a valid label must be");
  }
}
