package dev.ratewise.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads ratewise config from a YAML file or a directory of them. Files in envoyproxy/ratelimit
 * format load unchanged; the ratewise sections ({@code tiers}, {@code tenants}, {@code
 * identity}, {@code tuning}) may each appear in at most one file.
 */
public final class ConfigLoader {
  /** The classpath resource served when no config is given. */
  public static final String BUNDLED_EXAMPLE = "config/ratewise-example.yaml";

  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of("domain", "descriptors", "tiers", "tenants", "identity", "tuning");

  /**
   * Largest config file read, in bytes (16 MiB). Real configs are a few kilobytes, and the cap
   * stops a stray large file from exhausting the heap, at start or on a reload.
   */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private ConfigLoader() {}

  /** Loads a file, or every {@code *.yaml} and {@code *.yml} file of a directory except dotfiles. */
  public static RatewiseConfig load(Path path) throws ConfigException {
    List<Path> files = listFiles(path);
    if (files.isEmpty()) {
      // An empty directory would load as no domains, which allows all traffic. On a reload it
      // would also drop every tuned limit, so it is an error and the last good config stays.
      throw new ConfigException(path + ": no *.yaml or *.yml config files in this directory");
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (Path file : files) {
      try {
        checkSize(file);
        texts.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      } catch (MalformedInputException e) {
        throw new ConfigException(file + ": invalid config file: not UTF-8 text", e);
      } catch (IOException e) {
        throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
      }
    }
    return loadTexts(texts);
  }

  /** Loads the bundled business-tier example. */
  public static RatewiseConfig loadBundledExample() throws ConfigException {
    try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(BUNDLED_EXAMPLE)) {
      if (in == null) {
        throw new ConfigException("bundled config " + BUNDLED_EXAMPLE + " is missing from the jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return loadTexts(Map.of("classpath:" + BUNDLED_EXAMPLE, text));
    } catch (IOException e) {
      throw new ConfigException("cannot read bundled config: " + e.getMessage(), e);
    }
  }

  /** Loads config from file names and their YAML text, in order. */
  public static RatewiseConfig loadTexts(Map<String, String> texts) throws ConfigException {
    Assembly assembly = new Assembly();
    for (Map.Entry<String, String> text : texts.entrySet()) {
      readFile(text.getKey(), text.getValue(), assembly);
    }
    return assembly.build();
  }

  static List<Path> listFiles(Path path) throws ConfigException {
    if (!Files.exists(path)) {
      throw new ConfigException(path + ": config path not found");
    }
    if (!Files.isDirectory(path)) {
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(path + ": config path is not a regular file or a directory");
      }
      return List.of(path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries
          .filter(ConfigLoader::isConfigFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot list config directory: " + e.getMessage(), e);
    }
  }

  private static void checkSize(Path file) throws IOException, ConfigException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new ConfigException(file + ": config file is " + size + " bytes, above the maximum "
          + MAX_FILE_BYTES + "; check that --config names the right file");
    }
  }

  private static boolean isConfigFile(Path file) {
    String name = file.getFileName().toString();
    boolean yamlName = name.endsWith(".yaml") || name.endsWith(".yml");
    // Kubernetes mounts ConfigMap keys as symlinks into "..data"; Files.isRegularFile follows them.
    // A broken link is kept in the list so that reading it fails and names it.
    boolean brokenLink = Files.isSymbolicLink(file) && !Files.exists(file);
    return yamlName && !name.startsWith(".") && (Files.isRegularFile(file) || brokenLink);
  }

  private static void readFile(String file, String text, Assembly assembly)
      throws ConfigException {
    YamlNodes yaml = new YamlNodes(file);
    Node root = compose(file, text);
    if (root == null || YamlNodes.isNull(root)) {
      throw new ConfigException(file + ":1: config file cannot have empty domain");
    }
    Map<String, Node> fields = yaml.mapping(root, "");
    DescriptorReader descriptors = new DescriptorReader(yaml);
    descriptors.checkKeys(fields, TOP_LEVEL_KEYS, "");

    String domain = yaml.string(fields.get("domain"), "domain");
    if (domain.isEmpty()) {
      throw yaml.error(root, "domain", "config file cannot have empty domain");
    }
    DomainConfig previous = assembly.domains.get(domain);
    if (previous != null) {
      throw yaml.error(fields.get("domain"), "domain",
          "duplicate domain '" + domain + "' in config file; first defined at "
              + previous.location());
    }
    List<DescriptorRule> rules =
        descriptors.readLevel(fields.get("descriptors"), "descriptors", domain);
    assembly.domains.put(domain, new DomainConfig(domain, rules, yaml.at(fields.get("domain"))));
    assembly.sources.add(file);
    readExtensions(file, yaml, fields, assembly);
  }

  private static void readExtensions(
      String file, YamlNodes yaml, Map<String, Node> fields, Assembly assembly)
      throws ConfigException {
    ExtensionsReader extensions = new ExtensionsReader(yaml);
    if (fields.containsKey("tiers")) {
      assembly.claim("tiers", yaml.at(fields.get("tiers")));
      assembly.tiers = extensions.readTiers(fields.get("tiers"));
    }
    if (fields.containsKey("identity")) {
      assembly.claim("identity", yaml.at(fields.get("identity")));
      assembly.identity = extensions.readIdentity(fields.get("identity"));
    }
    if (fields.containsKey("tuning")) {
      assembly.claim("tuning", yaml.at(fields.get("tuning")));
      assembly.tuning = extensions.readTuning(fields.get("tuning"));
    }
    if (fields.containsKey("tenants")) {
      assembly.tenants.addAll(extensions.readTenants(fields.get("tenants")));
    }
  }

  private static Node compose(String file, String text) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try {
      return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(file + ":" + line + ": error loading config file: "
          + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new ConfigException(file + ": error loading config file: " + e.getMessage(), e);
    }
  }

  /** The parts of a config collected across files. */
  private static final class Assembly {
    final Map<String, DomainConfig> domains = new LinkedHashMap<>();
    final List<String> sources = new ArrayList<>();
    final List<ExtensionsReader.LocatedTenant> tenants = new ArrayList<>();
    final Map<String, SourceLocation> claimed = new HashMap<>();
    List<String> tiers = List.of();
    IdentitySpec identity = IdentitySpec.defaults();
    TuningSpec tuning = TuningSpec.defaults();

    void claim(String section, SourceLocation location) throws ConfigException {
      SourceLocation first = claimed.putIfAbsent(section, location);
      if (first != null) {
        throw ConfigException.at(location, section,
            "section '" + section + "' is already defined at " + first);
      }
    }

    RatewiseConfig build() throws ConfigException {
      Map<String, TenantSpec> byKey = new LinkedHashMap<>();
      Map<String, SourceLocation> where = new HashMap<>();
      for (ExtensionsReader.LocatedTenant tenant : tenants) {
        String key = tenant.spec().apiKey();
        if (byKey.putIfAbsent(key, tenant.spec()) != null) {
          throw ConfigException.at(tenant.location(), tenant.path() + ".api_key",
              "api_key is repeated; first defined at " + where.get(key));
        }
        where.put(key, tenant.location());
        if (!tiers.isEmpty() && !tiers.contains(tenant.spec().tier())) {
          throw ConfigException.at(tenant.location(), tenant.path() + ".tier",
              "unknown tier '" + tenant.spec().tier() + "': expected one of " + tiers);
        }
      }
      if (!identity.domain().isEmpty() && !domains.containsKey(identity.domain())) {
        throw new ConfigException(claimed.get("identity") + ": identity.domain: unknown domain '"
            + identity.domain() + "'");
      }
      return new RatewiseConfig(domains, tiers, byKey, identity, tuning, sources);
    }
  }
}
