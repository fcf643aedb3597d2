package dev.aggregation.apiserver.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cases of k8s.io/apiserver's requestinfo_test.go, and the rules they leave out. */
class RequestInfoResolverTest {
  private final RequestInfoResolver resolver = new RequestInfoResolver();

  private RequestInfo resolve(String method, String url) {
    QueryStringDecoder decoder = new QueryStringDecoder(url);
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    decoder.parameters().forEach(query::add);
    return resolver.resolve(method, decoder.path(), query);
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}/{4} ns={5} {6}/{7}/{8}")
  @CsvSource(
      nullValues = "-",
      value = {
        // resource paths
        "GET,    /api/v1/namespaces,                            list,   api,  '',         v1,      '',    namespaces, '',     ''",
        "GET,    /api/v1/namespaces/other,                      get,    api,  '',         v1,      other, namespaces, '',     other",
        "GET,    /api/v1/namespaces/other/pods,                 list,   api,  '',         v1,      other, pods,       '',     ''",
        "GET,    /api/v1/namespaces/other/pods/foo,             get,    api,  '',         v1,      other, pods,       '',     foo",
        "HEAD,   /api/v1/namespaces/other/pods/foo,             get,    api,  '',         v1,      other, pods,       '',     foo",
        "GET,    /api/v1/pods,                                  list,   api,  '',         v1,      '',    pods,       '',     ''",
        "HEAD,   /api/v1/pods,                                  list,   api,  '',         v1,      '',    pods,       '',     ''",
        // special verbs
        "GET,    /api/v1/proxy/namespaces/other/pods/foo,       proxy,  api,  '',         v1,      other, pods,       '',     foo",
        "GET,    /api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource, proxy, api, '', v1, other, pods, '',     foo",
        "GET,    /api/v1/watch/pods,                            watch,  api,  '',         v1,      '',    pods,       '',     ''",
        "GET,    /api/v1/pods?watch=true,                       watch,  api,  '',         v1,      '',    pods,       '',     ''",
        "GET,    /api/v1/pods?watch=false,                      list,   api,  '',         v1,      '',    pods,       '',     ''",
        "GET,    /api/v1/watch/namespaces/other/pods,           watch,  api,  '',         v1,      other, pods,       '',     ''",
        "GET,    /api/v1/namespaces/other/pods?watch=1,         watch,  api,  '',         v1,      other, pods,       '',     ''",
        "GET,    /api/v1/namespaces/other/pods?watch=0,         list,   api,  '',         v1,      other, pods,       '',     ''",
        // subresource identification
        "GET,    /api/v1/namespaces/other/pods/foo/status,      get,    api,  '',         v1,      other, pods,       status, foo",
        "GET,    /api/v1/namespaces/other/pods/foo/proxy/subpath, get,  api,  '',         v1,      other, pods,       proxy,  foo",
        "PUT,    /api/v1/namespaces/other/finalize,             update, api,  '',         v1,      other, namespaces, finalize, other",
        "PUT,    /api/v1/namespaces/other/status,               update, api,  '',         v1,      other, namespaces, status, other",
        // verb identification
        "PATCH,  /api/v1/namespaces/other/pods/foo,             patch,  api,  '',         v1,      other, pods,       '',     foo",
        "DELETE, /api/v1/namespaces/other/pods/foo,             delete, api,  '',         v1,      other, pods,       '',     foo",
        "POST,   /api/v1/namespaces/other/pods,                 create, api,  '',         v1,      other, pods,       '',     ''",
        "PUT,    /api/v1/namespaces/other/pods/foo,             update, api,  '',         v1,      other, pods,       '',     foo",
        // deletecollection verb identification
        "DELETE, /api/v1/nodes,                                 deletecollection, api, '', v1,     '',    nodes,      '',     ''",
        "DELETE, /api/v1/namespaces,                            deletecollection, api, '', v1,     '',    namespaces, '',     ''",
        "DELETE, /api/v1/namespaces/other/pods,                 deletecollection, api, '', v1,     other, pods,       '',     ''",
        "DELETE, /apis/extensions/v1/namespaces/other/pods,     deletecollection, apis, extensions, v1, other, pods,  '',     ''",
        // api group and version identification
        "POST,   /apis/extensions/v1/namespaces/other/pods,     create, apis, extensions, v1,      other, pods,       '',     ''",
        "POST,   /apis/extensions/v1beta3/namespaces/other/pods, create, apis, extensions, v1beta3, other, pods,      '',     ''",
        // an aggregated group
        "GET,    /apis/wardle.example.com/v1alpha1/flunders,    list,   apis, wardle.example.com, v1alpha1, '', flunders, '',   ''",
        "GET,    /apis/wardle.example.com/v1alpha1/fischers/f,  get,    apis, wardle.example.com, v1alpha1, '', fischers, '',   f",
        "GET,    /apis/wardle.example.com/v1alpha1/watch/namespaces/ns/flunders/foo, watch, apis, wardle.example.com, v1alpha1, ns, flunders, '', foo",
        "PUT,    /apis/wardle.example.com/v1alpha1/namespaces/ns/flunders/foo/status, update, apis, wardle.example.com, v1alpha1, ns, flunders, status, foo",
      })
  void resolvesResourceRequestsAsKubernetes(
      String method,
      String url,
      String verb,
      String apiPrefix,
      String group,
      String version,
      String namespace,
      String resource,
      String subresource,
      String name) {
    RequestInfo info = resolve(method, url);

    assertThat(info)
        .extracting(
            RequestInfo::resourceRequest,
            RequestInfo::verb,
            RequestInfo::apiPrefix,
            RequestInfo::apiGroup,
            RequestInfo::apiVersion,
            RequestInfo::namespace,
            RequestInfo::resource,
            RequestInfo::subresource,
            RequestInfo::name)
        .containsExactly(true, verb, apiPrefix, group, version, namespace, resource, subresource, name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "",
        "/api",
        "/api/version",
        "/api/version/",
        "/apis",
        "/apis/group/version/",
        "/apis/extensions/v1beta1",
        "/apis/wardle.example.com",
        "/badprefix/version/resource",
        "/apis/version/resource",
        "/healthz",
        "/openapi/v2",
        "/openapi/v3/apis/wardle.example.com/v1alpha1",
        "/version",
      })
  void treatsDiscoveryAndOtherPathsAsNonResourceRequests(String path) {
    RequestInfo info = resolve("GET", path);

    assertThat(info.resourceRequest()).isFalse();
    assertThat(info.verb()).isEqualTo("get");
    assertThat(info.path()).isEqualTo(path);
  }

  @Test
  void giveNonResourceRequestsTheLowerCasedMethodAsVerb() {
    assertThat(resolve("POST", "/apis").verb()).isEqualTo("post");
    assertThat(resolve("OPTIONS", "/healthz").verb()).isEqualTo("options");
  }

  @Test
  void leavesTheVerbEmptyForMethodsWithoutAResourceVerb() {
    RequestInfo info = resolve("OPTIONS", "/apis/wardle.example.com/v1alpha1/flunders");

    assertThat(info.resourceRequest()).isTrue();
    assertThat(info.verb()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"?watch=true, watch", "?watch=1, watch", "?watch=false, list", "?watch=0, list", "?watch=FALSE, list",
      "?watch=True, watch", "?watch=yes, watch", "?watch=, watch", "'', list", "?watch=false&watch=true, list"})
  void decidesBetweenListAndWatchAsKubernetesConvertsTheWatchParameter(String query, String verb) {
    assertThat(resolve("GET", "/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders" + query).verb()).isEqualTo(verb);
  }

  @Test
  void keepsGetForANamedObjectEvenWithWatchParameter() {
    assertThat(resolve("GET", "/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders/foo?watch=true").verb()).isEqualTo("get");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "DELETE", "PUT"})
  void letsTheWatchPrefixSetTheVerbWhateverTheMethod(String method) {
    RequestInfo info = resolve(method, "/apis/wardle.example.com/v1alpha1/watch/namespaces/ns/flunders");

    assertThat(info.verb()).isEqualTo("watch");
    assertThat(info.resource()).isEqualTo("flunders");
  }

  @Test
  void rejectsASpecialVerbWithNothingAfterIt() {
    assertThatThrownBy(() -> resolve("GET", "/apis/wardle.example.com/v1alpha1/watch"))
        .isInstanceOf(RequestInfoException.class)
        .hasMessage("unable to determine kind and namespace from url, /apis/wardle.example.com/v1alpha1/watch");
  }

  @Test
  void takesOnlyTheFirstSegmentAfterTheNameAsSubresource() {
    RequestInfo info = resolve("GET", "/api/v1/namespaces/other/pods/foo/subpath/not/found");

    assertThat(info.subresource()).isEqualTo("subpath");
    assertThat(info.parts()).containsExactly("pods", "foo", "subpath", "not", "found");
  }

  @Test
  void keepsThePartsFromTheResourceOn() {
    assertThat(resolve("GET", "/api/v1/namespaces/other/pods/foo").parts()).containsExactly("pods", "foo");
    assertThat(resolve("PUT", "/api/v1/namespaces/other/status").parts()).containsExactly("namespaces", "other", "status");
    assertThat(resolve("GET", "/api/v1/watch/pods").parts()).containsExactly("pods");
  }

  @Test
  void ignoresTrailingSlashes() {
    RequestInfo info = resolve("GET", "/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders/foo/");

    assertThat(info.verb()).isEqualTo("get");
    assertThat(info.name()).isEqualTo("foo");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "?fieldSelector=metadata.name=name1                       | name1 | list",
        "?fieldSelector=metadata.name==name1                      | name1 | list",
        "?watch=true&fieldSelector=metadata.name=name1            | name1 | watch",
        "?fieldSelector=metadata.namespace=ns,metadata.name=name1 | name1 | list",
        "?fieldSelector=metadata.name=a\\,b                       | a,b   | list",
        "?fieldSelector=foo=bar                                   | ''    | list",
        "?fieldSelector=metadata.name!=name1                      | ''    | list",
        "?fieldSelector=metadata.name=name1,foo                   | ''    | list",
        "?fieldSelector=metadata.name=name1,foo&watch=true        | ''    | watch",
        "?fieldSelector=metadata.name=name1,foo&watch=false       | ''    | list",
        "?fieldSelector=metadata.name=a/b                         | ''    | list",
        "?fieldSelector=metadata.name=..                          | ''    | list",
        "?fieldSelector=metadata.name=name1&limit=abc             | ''    | list",
        "?fieldSelector=metadata.name=name1&labelSelector=a%20in  | ''    | list",
        "?fieldSelector=metadata.name=name1&limit=5               | name1 | list",
      })
  void takesTheNameOfListsAndWatchesFromAMetadataNameFieldSelector(String query, String name, String verb) {
    RequestInfo info = resolve("GET", "/apis/group/version/resource" + query.replace("\\,", "%5C,"));

    assertThat(info.name()).isEqualTo(name);
    assertThat(info.verb()).isEqualTo(verb);
  }

  @Test
  void takesNoNameFromAFieldSelectorForDeletecollection() {
    RequestInfo info = resolve("DELETE", "/apis/wardle.example.com/v1alpha1/namespaces/ns/flunders?fieldSelector=metadata.name=foo");

    assertThat(info.verb()).isEqualTo("deletecollection");
    assertThat(info.name()).isEmpty();
  }

  @Test
  void takesNoNameFromAFieldSelectorOnTheLegacyWatchPath() {
    RequestInfo info = resolve("GET", "/apis/wardle.example.com/v1alpha1/watch/namespaces/ns/flunders?fieldSelector=metadata.name=foo");

    assertThat(info.verb()).isEqualTo("watch");
    assertThat(info.name()).isEmpty();
  }

  @Test
  void addressesTheNamespaceItselfWithoutResource() {
    RequestInfo info = resolve("GET", "/api/v1/namespaces/other");

    assertThat(List.of(info.resource(), info.name(), info.namespace())).containsExactly("namespaces", "other", "other");
  }
}
