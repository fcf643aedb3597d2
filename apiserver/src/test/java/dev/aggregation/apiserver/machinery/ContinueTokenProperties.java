package dev.aggregation.apiserver.machinery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aggregation.apiserver.fuzz.JsonArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Continue tokens: what the server encodes decodes to itself; whatever a client sends decodes or is a 400. */
class ContinueTokenProperties {
  @Provide
  Arbitrary<String> storageKeys() {
    // relative keys as the stores make them: namespace/name, each a valid path segment (no '/', not '.' or '..')
    Arbitrary<String> segment = Arbitraries.strings().ofMinLength(1).ofMaxLength(30)
        .filter(s -> !s.contains("/") && !s.equals(".") && !s.equals("..") && isWellFormedUtf16(s));
    return segment.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("/", parts));
  }

  private static boolean isWellFormedUtf16(String s) {
    // lone surrogates cannot come from a JSON body or a URL, which are UTF-8
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
  }

  @Property
  void encodedTokensDecodeToThemselves(@ForAll("storageKeys") String key, @ForAll @LongRange(min = 1) long resourceVersion) {
    ContinueToken token = new ContinueToken(key, resourceVersion);
    assertThat(ContinueToken.decode(token.encode())).isEqualTo(token);
  }

  @Property
  void arbitraryTextDecodesOrIsInvalid(@ForAll String token) {
    decodesOrIsInvalid(token);
  }

  @Provide
  Arbitrary<String> encodedJson() {
    Arbitrary<String> tokenLike = Arbitraries.oneOf(
        JsonArbitraries.values(3).map(Object::toString),
        Arbitraries.strings().ofMaxLength(40).map(start -> "{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"" + start + "\"}"),
        Arbitraries.of(List.of("../x", "a//b", "/", "a/", "..", "/../../secrets/x")).map(start ->
            "{\"v\":\"meta.k8s.io/v1\",\"rv\":5,\"start\":\"" + start + "\"}"));
    return tokenLike.map(json -> Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Property
  void encodedJsonDecodesOrIsInvalid(@ForAll("encodedJson") String token) {
    ContinueToken decoded = decodesOrIsInvalid(token);
    if (decoded != null) {
      // a decoded start never leaves the resource's prefix
      assertThat(decoded.fromKey("/registry/g/r/")).startsWith("/registry/g/r/").doesNotContain("/../").doesNotContain("//");
    }
  }

  private static ContinueToken decodesOrIsInvalid(String token) {
    try {
      return ContinueToken.decode(token);
    } catch (InvalidContinueTokenException e) {
      assertThat(e.toApiException().status().getCode()).isEqualTo(400);
      return null;
    }
  }
}
