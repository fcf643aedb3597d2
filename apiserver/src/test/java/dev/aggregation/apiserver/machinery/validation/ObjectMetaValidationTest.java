package dev.aggregation.apiserver.machinery.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aggregation.apiserver.machinery.FieldError;
import dev.aggregation.apiserver.machinery.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {
  private static final String DNS_LABEL_RULE =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end"
          + " with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String DNS_SUBDOMAIN_RULE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start"
          + " and end with an alphanumeric character (e.g. 'example.com', regex used for validation is"
          + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static List<String> namespaced(String metadata) {
    return messages(ObjectMetaValidation.validate(json(metadata), true, NameValidator.PATH_SEGMENT));
  }

  static List<String> messages(List<FieldError> errors) {
    return errors.stream().map(FieldError::message).toList();
  }

  @Test
  void acceptsAnOrdinaryObject() {
    assertThat(
            namespaced(
                "{'name':'foo','namespace':'default','labels':{'app.kubernetes.io/name':'web'},"
                    + "'annotations':{'Example.COM/Note':'anything at all'},'finalizers':['example.com/cleanup'],"
                    + "'ownerReferences':[{'apiVersion':'apps/v1','kind':'Deployment','name':'d','uid':'u',"
                    + "'controller':true}]}"))
        .isEmpty();
  }

  @Test
  void requiresANameOrGenerateName() {
    assertThat(namespaced("{'namespace':'default'}"))
        .containsExactly("metadata.name: Required value: name or generateName is required");
  }

  @Test
  void appliesPathSegmentRulesToNames() {
    assertThat(namespaced("{'name':'..','namespace':'default'}"))
        .containsExactly("metadata.name: Invalid value: \"..\": may not be '..'");
    assertThat(namespaced("{'name':'.','namespace':'default'}"))
        .containsExactly("metadata.name: Invalid value: \".\": may not be '.'");
    assertThat(namespaced("{'name':'a/b%c','namespace':'default'}"))
        .containsExactly(
            "metadata.name: Invalid value: \"a/b%c\": may not contain '/'",
            "metadata.name: Invalid value: \"a/b%c\": may not contain '%'");
    assertThat(namespaced("{'name':'Upper_Case ok','namespace':'default'}")).isEmpty();
  }

  @Test
  void appliesPathSegmentRulesToGenerateNameExceptDots() {
    assertThat(namespaced("{'generateName':'..','name':'..x','namespace':'default'}")).isEmpty();
    assertThat(namespaced("{'generateName':'a/','name':'a/x','namespace':'default'}"))
        .containsExactly(
            "metadata.generateName: Invalid value: \"a/\": may not contain '/'",
            "metadata.name: Invalid value: \"a/x\": may not contain '/'");
  }

  @Test
  void canUseDnsSubdomainNamesInstead() {
    assertThat(
            messages(
                ObjectMetaValidation.validate(
                    json("{'name':'Foo','namespace':'default'}"), true, NameValidator.DNS1123_SUBDOMAIN)))
        .containsExactly("metadata.name: Invalid value: \"Foo\": " + DNS_SUBDOMAIN_RULE);
    assertThat(
            messages(
                ObjectMetaValidation.validate(
                    json("{'generateName':'foo-','name':'foo-abcde','namespace':'default'}"),
                    true,
                    NameValidator.DNS1123_SUBDOMAIN)))
        .isEmpty();
  }

  @Test
  void requiresADnsLabelNamespaceForNamespacedKinds() {
    assertThat(namespaced("{'name':'foo'}")).containsExactly("metadata.namespace: Required value");
    assertThat(namespaced("{'name':'foo','namespace':'Bad_NS'}"))
        .containsExactly("metadata.namespace: Invalid value: \"Bad_NS\": " + DNS_LABEL_RULE);
  }

  @Test
  void forbidsANamespaceForClusterScopedKinds() {
    assertThat(
            messages(
                ObjectMetaValidation.validate(
                    json("{'name':'foo','namespace':'default'}"), false, NameValidator.PATH_SEGMENT)))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
  }

  @Test
  void rejectsANegativeGeneration() {
    assertThat(namespaced("{'name':'foo','namespace':'d','generation':-1}"))
        .containsExactly("metadata.generation: Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void checksLabelKeysAndValues() {
    assertThat(namespaced("{'name':'foo','namespace':'d','labels':{'a/b/c':'ok','k':'-bad'}}"))
        .containsExactly(
            "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters,"
                + " '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or"
                + " 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            "metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of"
                + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                + " (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }

  @Test
  void reportsAnEmptyPrefixOfAQualifiedName() {
    assertThat(namespaced("{'name':'foo','namespace':'d','labels':{'/x':'v'}}"))
        .containsExactly("metadata.labels: Invalid value: \"/x\": prefix part must be non-empty");
  }

  @Test
  void limitsAnnotationsTo256KiBInTotal() {
    String big = "x".repeat(ObjectMetaValidation.TOTAL_ANNOTATION_SIZE_LIMIT_BYTES);
    assertThat(namespaced("{'name':'foo','namespace':'d','annotations':{'a':'" + big + "'}}"))
        .containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
    String fits = "x".repeat(ObjectMetaValidation.TOTAL_ANNOTATION_SIZE_LIMIT_BYTES - 1);
    assertThat(namespaced("{'name':'foo','namespace':'d','annotations':{'a':'" + fits + "'}}")).isEmpty();
  }

  @Test
  void checksFinalizerNamesAndTheirConflict() {
    assertThat(namespaced("{'name':'foo','namespace':'d','finalizers':['orphan','foregroundDeletion']}"))
        .containsExactly(
            "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and"
                + " foregroundDeletion cannot be both set");
    assertThat(namespaced("{'name':'foo','namespace':'d','finalizers':['a b']}"))
        .singleElement()
        .asString()
        .startsWith("metadata.finalizers: Invalid value: \"a b\": name part must consist of");
  }

  @Test
  void checksOwnerReferences() {
    assertThat(namespaced("{'name':'foo','namespace':'d','ownerReferences':[{}]}"))
        .containsExactly(
            "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
            "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty",
            "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
            "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty");
  }

  @Test
  void forbidsAnEventAsOwner() {
    assertThat(
            namespaced(
                "{'name':'foo','namespace':'d','ownerReferences':[{'apiVersion':'v1','kind':'Event','name':'e',"
                    + "'uid':'u'}]}"))
        .containsExactly(
            "metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", Kind:\"Event\","
                + " Name:\"e\", UID:\"u\", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1,"
                + " Kind=Event is disallowed from being an owner");
  }

  @Test
  void allowsOnlyOneController() {
    List<String> errors =
        namespaced(
            "{'name':'foo','namespace':'d','ownerReferences':["
                + "{'apiVersion':'v1','kind':'A','name':'a','uid':'1','controller':true},"
                + "{'apiVersion':'v1','kind':'B','name':'b','uid':'2','controller':true}]}");
    assertThat(errors)
        .singleElement()
        .asString()
        .startsWith("metadata.ownerReferences: Invalid value: []v1.OwnerReference{")
        .endsWith(": Only one reference can have Controller set to true. Found \"true\" in references for A/a and B/b");
  }

  @Test
  void checksManagedFieldsEntries() {
    assertThat(
            namespaced(
                "{'name':'foo','namespace':'d','managedFields':[{'manager':'kubectl','operation':'Merge',"
                    + "'fieldsType':'FieldsV2'}]}"))
        .containsExactly(
            "metadata.managedFields[0].operation: Invalid value: \"Merge\": must be `Apply` or `Update`",
            "metadata.managedFields[0].fieldsType: Invalid value: \"FieldsV2\": must be `FieldsV1`");
  }

  @Test
  void limitsFieldManagersToPrintable128Bytes() {
    assertThat(messages(ObjectMetaValidation.validateFieldManager("m".repeat(129), "fieldManager")))
        .containsExactly("fieldManager: Too long: must have at most 128 bytes");
    assertThat(messages(ObjectMetaValidation.validateFieldManager("a\u0007", "fieldManager")))
        .containsExactly("fieldManager: Invalid value: \"a\u0007\": invalid character U+0007 (at position 1)");
    assertThat(ObjectMetaValidation.validateFieldManager("kubectl-client-side-apply", "fieldManager")).isEmpty();
  }
}
