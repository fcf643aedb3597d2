package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ContinueTokenTest {
  private static final String PREFIX = "/registry/wardle.example.com/wardle.example.com/flunders/";

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertInvalid(String token, String message) {
    assertThatThrownBy(() -> ContinueToken.decode(token))
        .isInstanceOf(InvalidContinueTokenException.class)
        .hasMessage(message);
  }

  @Test
  void encodesTheJsonGoWritesWithoutPadding() {
    String token = ContinueToken.at(PREFIX + "default/foo\u0000", PREFIX, 12544).encode();
    assertThat(token).doesNotContain("=", "+", "/");
    assertThat(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8))
        .isEqualTo("{\"v\":\"meta.k8s.io/v1\",\"rv\":12544,\"start\":\"default/foo\\u0000\"}");
  }

  @Test
  void escapesHtmlCharactersLikeGo() {
    assertThat(ContinueToken.goJsonString("a<b>&c\u2028\"\\\n")).isEqualTo("\"a\\u003cb\\u003e\\u0026c\\u2028\\\"\\\\\\n\"");
  }

  @Test
  void decodesWhatItEncodes() {
    ContinueToken token = ContinueToken.at(PREFIX + "ns/b\u0000", PREFIX, 7);
    ContinueToken decoded = ContinueToken.decode(token.encode());
    assertThat(decoded).isEqualTo(token);
    assertThat(decoded.fromKey(PREFIX)).isEqualTo(PREFIX + "ns/b\u0000");
  }

  @Test
  void acceptsTheLatestRevisionMarkerAfterCompaction() {
    assertThat(ContinueToken.decode(base64("{\"v\":\"meta.k8s.io/v1\",\"rv\":-1,\"start\":\"a\"}")).resourceVersion())
        .isEqualTo(-1);
  }

  @Test
  void refusesToEncodeAKeyOutsideThePrefix() {
    assertThatThrownBy(() -> ContinueToken.at("/other/x", PREFIX, 1))
        .hasMessage("unable to encode next field: the key and key prefix do not match");
  }

  @Test
  void rejectsBadBase64AtItsOffset() {
    assertInvalid("abc=", "continue key is not valid: illegal base64 data at input byte 3");
    assertInvalid("abcde", "continue key is not valid: illegal base64 data at input byte 4");
  }

  @Test
  void rejectsAnUnknownVersion() {
    assertInvalid(
        base64("{\"v\":\"v1alpha1\",\"rv\":1,\"start\":\"a\"}"),
        "continue key is not valid: server does not recognize this encoded version v1alpha1");
  }

  @Test
  void rejectsAZeroResourceVersion() {
    assertInvalid(
        base64("{\"v\":\"meta.k8s.io/v1\",\"start\":\"a\"}"),
        "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }

  @Test
  void rejectsAnEmptyStart() {
    assertInvalid(
        base64("{\"v\":\"meta.k8s.io/v1\",\"rv\":3}"),
        "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
  }

  @Test
  void rejectsPathTraversalInStart() {
    assertInvalid(base64("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"../secrets/x\"}"),
        "continue key is not valid: ../secrets/x");
    assertInvalid(base64("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"a/../../b\"}"),
        "continue key is not valid: a/../../b");
    assertInvalid(base64("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"a//b\"}"),
        "continue key is not valid: a//b");
  }

  @Test
  void acceptsAnAbsoluteStartThatIsAlreadyClean() {
    assertThat(ContinueToken.decode(base64("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"/a\"}")).fromKey(PREFIX))
        .isEqualTo(PREFIX + "a");
  }

  @Test
  void rejectsWrongJsonTypesLikeEncodingJson() {
    assertInvalid(
        base64("{\"v\":\"meta.k8s.io/v1\",\"rv\":\"3\",\"start\":\"a\"}"),
        "continue key is not valid: json: cannot unmarshal string into Go struct field continueToken.rv of type"
            + " int64");
    assertInvalid(
        base64("[1]"),
        "continue key is not valid: json: cannot unmarshal array into Go value of type storage.continueToken");
  }

  @Test
  void rejectsNonJson() {
    assertThatThrownBy(() -> ContinueToken.decode(base64("not json")))
        .isInstanceOf(InvalidContinueTokenException.class)
        .hasMessageStartingWith("continue key is not valid: ");
  }

  @Test
  void answersBadRequestForAnInvalidToken() {
    ApiException e = new InvalidContinueTokenException("continue key is not valid: x").toApiException();
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("invalid continue token: continue key is not valid: x");
  }

  @Test
  void expiresWithAFreshInconsistentToken() {
    ApiException e = ContinueToken.expired(PREFIX + "ns/b\u0000", PREFIX);
    assertThat(e.code()).isEqualTo(410);
    assertThat(e.reason()).isEqualTo("Expired");
    assertThat(e.getMessage()).startsWith("The provided continue parameter is too old");
    ContinueToken fresh = ContinueToken.decode(e.status().getMetadata().getContinue());
    assertThat(fresh.resourceVersion()).isEqualTo(-1);
    assertThat(fresh.startKey()).isEqualTo("ns/b\u0000");
  }
}
