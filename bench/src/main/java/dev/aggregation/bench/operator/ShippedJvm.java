package dev.aggregation.bench.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM the operator runs in when deployed, read from what we ship rather than restated here: the flags of
 * operator.Dockerfile's ENTRYPOINT, and the container's limits from config/manager/manager.yaml. A process on this
 * machine has no cgroup limits, so the limits become the flags through which the JVM sees them in a container:
 * {@code -XX:MaxRAM} (the memory limit; MaxRAMPercentage takes its share of it) and
 * {@code -XX:ActiveProcessorCount} (the CPU limit, rounded up as the JVM's container support does).
 *
 * @param flags the Dockerfile's flags followed by the limits as flags
 */
public record ShippedJvm(List<String> flags, String memoryLimit, String cpuLimit) {
  private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT\\s*\\[(.*)]\\s*$", Pattern.MULTILINE);
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  public static ShippedJvm read(Path dockerfile, Path managerDeployment) throws IOException {
    List<String> flags = new ArrayList<>(entrypointFlags(Files.readString(dockerfile), dockerfile));
    Deployment deployment = Serialization.unmarshal(Files.readString(managerDeployment), Deployment.class);
    ResourceRequirements resources = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    Quantity memory = resources.getLimits().get("memory");
    Quantity cpu = resources.getLimits().get("cpu");
    if (memory == null || cpu == null) {
      throw new IllegalStateException(managerDeployment + " sets no memory or cpu limit for the operator");
    }
    long memoryBytes = memory.getNumericalAmount().longValueExact();
    int processors = cpu.getNumericalAmount().setScale(0, RoundingMode.CEILING).max(BigDecimal.ONE).intValueExact();
    flags.add("-XX:MaxRAM=" + memoryBytes);
    flags.add("-XX:ActiveProcessorCount=" + processors);
    return new ShippedJvm(List.copyOf(flags), memory.toString(), cpu.toString());
  }

  /** The arguments between {@code java} and {@code -jar} of the exec-form ENTRYPOINT. */
  static List<String> entrypointFlags(String dockerfile, Path source) {
    Matcher entrypoint = ENTRYPOINT.matcher(dockerfile);
    if (!entrypoint.find()) {
      throw new IllegalStateException(source + " has no exec-form ENTRYPOINT");
    }
    List<String> words = new ArrayList<>();
    Matcher quoted = QUOTED.matcher(entrypoint.group(1));
    while (quoted.find()) {
      words.add(quoted.group(1));
    }
    int jar = words.indexOf("-jar");
    if (words.isEmpty() || !words.get(0).equals("java") || jar < 0) {
      throw new IllegalStateException(source + "'s ENTRYPOINT is not java <flags> -jar <jar>: " + words);
    }
    return words.subList(1, jar);
  }
}
