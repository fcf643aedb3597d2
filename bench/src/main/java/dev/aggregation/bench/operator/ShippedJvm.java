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
 * operator.Dockerfile's ENTRYPOINT (an argument file {@code @/app/jvm.options} there is the project file its COPY
 * line names, passed to java the same way), and the container's limits from config/manager/manager.yaml. A process on this
 * machine has no cgroup limits, so the limits become the flags through which the JVM sees them in a container:
 * {@code -XX:MaxRAM} (the memory limit; MaxRAMPercentage takes its share of it) and
 * {@code -XX:ActiveProcessorCount} (the CPU limit, rounded up as the JVM's container support does).
 *
 * @param flags the Dockerfile's flags followed by the limits as flags
 * @param expanded the same with each argument file's flags in its place, for the report
 */
public record ShippedJvm(List<String> flags, List<String> expanded, String memoryLimit, String cpuLimit) {
  private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT\\s*\\[(.*)]\\s*$", Pattern.MULTILINE);
  private static final Pattern COPY = Pattern.compile("^COPY\\s+(\\S+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  /** {@code projectRoot}: where the Dockerfile's COPY sources are (its build context). */
  public static ShippedJvm read(Path dockerfile, Path projectRoot, Path managerDeployment) throws IOException {
    String text = Files.readString(dockerfile);
    List<String> flags = new ArrayList<>();
    List<String> expanded = new ArrayList<>();
    for (String flag : entrypointFlags(text, dockerfile)) {
      if (flag.startsWith("@")) {
        Path local = projectRoot.resolve(copySource(text, flag.substring(1), dockerfile)).toAbsolutePath();
        flags.add("@" + local);
        expanded.addAll(argumentFile(local));
      } else {
        flags.add(flag);
        expanded.add(flag);
      }
    }
    Deployment deployment = Serialization.unmarshal(Files.readString(managerDeployment), Deployment.class);
    ResourceRequirements resources = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    Quantity memory = resources.getLimits().get("memory");
    Quantity cpu = resources.getLimits().get("cpu");
    if (memory == null || cpu == null) {
      throw new IllegalStateException(managerDeployment + " sets no memory or cpu limit for the operator");
    }
    long memoryBytes = memory.getNumericalAmount().longValueExact();
    int processors = cpu.getNumericalAmount().setScale(0, RoundingMode.CEILING).max(BigDecimal.ONE).intValueExact();
    List<String> limits = List.of("-XX:MaxRAM=" + memoryBytes, "-XX:ActiveProcessorCount=" + processors);
    flags.addAll(limits);
    expanded.addAll(limits);
    return new ShippedJvm(List.copyOf(flags), List.copyOf(expanded), memory.toString(), cpu.toString());
  }

  /** The source of the COPY line whose destination is {@code imagePath}. */
  static String copySource(String dockerfile, String imagePath, Path source) {
    Matcher copy = COPY.matcher(dockerfile);
    while (copy.find()) {
      if (copy.group(2).equals(imagePath)) {
        return copy.group(1);
      }
    }
    throw new IllegalStateException(source + " copies nothing to " + imagePath + ", which its ENTRYPOINT reads");
  }

  /** The flags of a java argument file: whitespace-separated, {@code #} to the end of a line is a comment. */
  static List<String> argumentFile(Path file) throws IOException {
    List<String> flags = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      int comment = line.indexOf('#');
      String content = (comment >= 0 ? line.substring(0, comment) : line).trim();
      if (!content.isEmpty()) {
        flags.addAll(List.of(content.split("\\s+")));
      }
    }
    return flags;
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
