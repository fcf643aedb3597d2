package dev.aggregation.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingMainTest {
  @TempDir
  Path dir;

  /** So that a ceiling never outlives a bench that died without stopping it: its end closes the ceiling's stdin. */
  @Test
  void exitsCleanlyOnceItsStandardInputCloses() throws Exception {
    CeilingFiles.write(new CeilingSpec.Answers(Map.of("/get", new CeilingServer.Canned(200, "application/json", Buffer.buffer("{}")))), dir);
    Process process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), CeilingMain.class.getName(), dir.toString())).redirectErrorStream(true).start();
    try {
      BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = output.readLine();
      } while (line != null && !line.startsWith(CeilingMain.LISTENING));
      assertThat(line).as("the ceiling's announcement").startsWith(CeilingMain.LISTENING);

      process.getOutputStream().close();

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within a minute of its stdin closing").isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }
}
