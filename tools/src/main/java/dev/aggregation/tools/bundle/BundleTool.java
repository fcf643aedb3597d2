package dev.aggregation.tools.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make bundle} and {@code make bundle-validate}. */
@Command(name = "bundle", mixinStandardHelpOptions = true, subcommands = {BundleTool.Generate.class, BundleTool.Validate.class},
    description = "Generates and validates the OLM bundle of apiserver-operator.")
public final class BundleTool {
  public static void main(String[] args) {
    System.exit(new CommandLine(new BundleTool()).execute(args));
  }

  @Command(name = "generate", description = "Writes bundle/ and bundle.Dockerfile from config/.")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--root", defaultValue = ".", description = "The project root (holds config/).")
    Path root;

    @Option(names = "--version", required = true, description = "The release, X.Y.Z.")
    String version;

    @Option(names = "--previous-version", description = "The release this one replaces (default: the one in bundle/).")
    String previous;

    @Option(names = "--channels", defaultValue = "candidate", description = "Comma-separated OLM channels.")
    String channels;

    @Option(names = "--default-channel", description = "Default channel (default: the first channel).")
    String defaultChannel;

    @Override
    public Integer call() throws IOException {
      BundleLayout layout = new BundleLayout(root);
      List<String> channelList = Arrays.stream(channels.split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList();
      BundleSettings settings = new BundleSettings(SemVer.parse(version.replaceFirst("^v", "")), channelList,
          defaultChannel == null || defaultChannel.isBlank() ? channelList.get(0) : defaultChannel,
          Optional.ofNullable(previous).filter(p -> !p.isBlank()).map(p -> SemVer.parse(p.replaceFirst("^v", ""))));
      Optional<ObjectNode> existing = Files.isRegularFile(layout.csv()) ? Optional.of(Yaml.readOne(layout.csv()))
          : Optional.empty();
      Map<String, String> files = new BundleGenerator(layout).generate(settings, existing);
      write(layout, files);
      System.out.println("wrote " + layout.bundle() + " and " + layout.dockerfile() + " for "
          + UpgradeEdge.csvName(settings.version()));
      return 0;
    }
  }

  @Command(name = "validate", description = "Checks bundle/ and bundle.Dockerfile with operator-framework/api's rules.")
  static final class Validate implements Callable<Integer> {
    @Option(names = "--root", defaultValue = ".", description = "The project root (holds bundle/).")
    Path root;

    @Override
    public Integer call() {
      List<Finding> findings = new BundleValidator().validate(LoadedBundle.read(new BundleLayout(root)));
      PrintWriter out = new PrintWriter(System.out, true);
      findings.forEach(out::println);
      long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
      out.println(errors == 0 ? "bundle is valid (" + findings.size() + " warnings)" : errors + " errors");
      return errors == 0 ? 0 : 1;
    }
  }

  /** Replaces bundle/ entirely (a file of an older bundle must not linger) and writes the Dockerfile. */
  static void write(BundleLayout layout, Map<String, String> files) throws IOException {
    if (Files.isDirectory(layout.bundle())) {
      try (Stream<Path> old = Files.walk(layout.bundle())) {
        for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = layout.root().resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
  }
}
