package dev.ratewise.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the docker compose stack and its Prometheus config structurally, and their agreement
 * with envoy/envoy.yaml and ratewise's defaults.
 *
 * <p>No Docker engine runs on the development machine, so nothing here starts a container. The
 * checks read the files as YAML and catch what breaks a stack before it runs: missing services
 * and files, unpinned images, ports that do not line up.
 */
class DeployManifestTest {
  private static final Path DEPLOY = RepositoryFiles.resolve("deploy");
  private static final Path COMPOSE = DEPLOY.resolve("docker-compose.yml");
  private static final Path PROMETHEUS = DEPLOY.resolve("prometheus/prometheus.yml");
  private static final Path FRONT_ENVOY = RepositoryFiles.resolve("envoy/envoy.yaml");

  private static final List<String> REQUIRED_SERVICES = List.of(
      "envoy", "ratewise", "redis", "ollama", "ollama-pull", "backend", "prometheus", "grafana");

  @ParameterizedTest(name = "{0} pinned={1}")
  @CsvSource({
      "redis, false",
      "redis:latest, false",
      "localhost:5000/redis, false",
      "envoyproxy/envoy:dev, false",
      "redis:7.4.2-alpine, true",
      "localhost:5000/redis:7.4, true",
      "redis@sha256:0123456789abcdef, true",
  })
  void isPinned_classifiesImageReferences(String image, boolean pinned) {
    assertEquals(pinned, ContainerImages.isPinned(image));
  }

  @Test
  void compose_definesEveryService() {
    JsonNode services = services();

    for (String name : REQUIRED_SERVICES) {
      assertTrue(services.has(name), "docker-compose.yml lacks service " + name);
    }
  }

  @Test
  void compose_pinsEveryImage() {
    services().fields().forEachRemaining(service -> {
      JsonNode image = service.getValue().path("image");
      if (image.isMissingNode()) {
        assertTrue(service.getValue().has("build"),
            "service " + service.getKey() + " has neither image nor build");
        return;
      }
      assertTrue(ContainerImages.isPinned(image.asText()),
          "service " + service.getKey() + " uses unpinned image " + image.asText());
    });
  }

  @Test
  void compose_healthChecksLongRunningServices() {
    services().fields().forEachRemaining(service -> {
      boolean oneShot = service.getValue().path("restart").asText().equals("no");
      JsonNode test = service.getValue().path("healthcheck").path("test");
      if (!oneShot) {
        assertTrue(test.isArray(), "service " + service.getKey() + " has no healthcheck test");
        assertTrue(test.size() > 1, "service " + service.getKey() + " has an empty healthcheck test");
      }
    });
  }

  @Test
  void compose_bindMountsExistingFiles() {
    services().fields().forEachRemaining(service -> {
      for (JsonNode volume : service.getValue().path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          Path file = DEPLOY.resolve(source).normalize();
          assertTrue(Files.exists(file),
              "service " + service.getKey() + " mounts missing " + file);
        } else {
          assertTrue(compose().path("volumes").has(source),
              "service " + service.getKey() + " uses undeclared volume " + source);
        }
      }
    });
  }

  @Test
  void compose_dependsOnDefinedServices() {
    services().fields().forEachRemaining(service -> {
      for (String dependency : dependencies(service.getValue())) {
        assertTrue(services().has(dependency),
            "service " + service.getKey() + " depends on undefined service " + dependency);
      }
    });
  }

  @Test
  void envoy_mountsFrontConfigAndPublishesListener() {
    JsonNode envoy = services().path("envoy");

    List<String> volumes = texts(envoy.path("volumes"));

    assertTrue(volumes.contains("../envoy/envoy.yaml:/etc/envoy/envoy.yaml:ro"), "volumes " + volumes);
    assertTrue(containerPorts(envoy, "ports").contains(EnvoyConfigProblems.INGRESS_PORT),
        "envoy publishes " + texts(envoy.path("ports")));
  }

  @Test
  void envoyHealthCheck_usesAdminPort() {
    int adminPort = RepositoryFiles.readYaml(FRONT_ENVOY)
        .at("/admin/address/socket_address/port_value").asInt();

    String test = String.join(" ", texts(services().at("/envoy/healthcheck/test")));

    assertTrue(adminPort > 0, "envoy.yaml has no admin port");
    assertTrue(test.contains("/" + adminPort), "healthcheck " + test + " misses admin port " + adminPort);
  }

  @Test
  void envoyClusters_targetComposeServicePorts() {
    JsonNode clusters = RepositoryFiles.readYaml(FRONT_ENVOY).at("/static_resources/clusters");

    List<String> endpoints = new ArrayList<>();
    for (JsonNode cluster : clusters) {
      for (JsonNode address : cluster.findValues("socket_address")) {
        endpoints.add(address.path("address").asText() + ":" + address.path("port_value").asInt());
      }
    }

    assertEquals(List.of("backend:8000", "ratewise:8081"), endpoints);
    for (String endpoint : endpoints) {
      String[] hostAndPort = endpoint.split(":");
      JsonNode service = services().path(hostAndPort[0]);
      assertFalse(service.isMissingNode(), "envoy.yaml calls " + endpoint + ", no such service");
      assertTrue(containerPorts(service, "expose").contains(Integer.parseInt(hostAndPort[1])),
          "service " + hostAndPort[0] + " does not expose " + hostAndPort[1]);
    }
  }

  @Test
  void backend_listensOnExposedPort() {
    JsonNode backend = services().path("backend");

    String port = backend.at("/environment/PORT").asText();

    assertEquals("8000", port);
    assertTrue(containerPorts(backend, "expose").contains(8000));
  }

  @Test
  void ratewise_isBuiltFromDockerfile() {
    JsonNode build = services().at("/ratewise/build");

    Path context = DEPLOY.resolve(build.path("context").asText()).normalize();

    assertEquals(RepositoryFiles.root(), context);
    assertTrue(Files.isRegularFile(context.resolve(build.path("dockerfile").asText())),
        "dockerfile " + build.path("dockerfile").asText() + " not found in " + context);
  }

  @Test
  void ratewise_reachesRedisAndOllamaServices() {
    JsonNode environment = services().at("/ratewise/environment");

    String redis = environment.path("RATEWISE_REDIS_URL").asText();
    String ollama = environment.path("RATEWISE_OLLAMA_URL").asText();

    assertEquals("redis://redis:6379", redis);
    assertEquals("http://ollama:11434", ollama);
    assertTrue(containerPorts(services().path("redis"), "expose").contains(URI.create(redis).getPort()));
    assertTrue(containerPorts(services().path("ollama"), "expose").contains(URI.create(ollama).getPort()));
  }

  @Test
  void ratewise_publishesHttpAndExposesGrpc() {
    JsonNode ratewise = services().path("ratewise");

    assertTrue(containerPorts(ratewise, "ports").contains(8080), "ports " + ratewise.path("ports"));
    assertTrue(containerPorts(ratewise, "expose").contains(EnvoyConfigProblems.RATEWISE_GRPC_PORT),
        "expose " + ratewise.path("expose"));
  }

  @Test
  void ratewiseHealthCheck_requestsHealthz() {
    String test = String.join(" ", texts(services().at("/ratewise/healthcheck/test")));

    assertTrue(test.contains("http://127.0.0.1:8080/healthz"), test);
  }

  @Test
  void publishedPorts_bindToLoopback() {
    services().fields().forEachRemaining(service -> {
      for (String port : texts(service.getValue().path("ports"))) {
        assertTrue(port.startsWith("127.0.0.1:"),
            "service " + service.getKey() + " publishes " + port + " on every interface");
      }
    });
  }

  @Test
  void ollamaPull_pullsLlama32OnceOllamaIsHealthy() {
    JsonNode pull = services().path("ollama-pull");

    List<String> entrypoint = texts(pull.path("entrypoint"));

    assertEquals(List.of("ollama", "pull", "llama3.2"), entrypoint);
    assertEquals("http://ollama:11434", pull.at("/environment/OLLAMA_HOST").asText());
    assertEquals("service_healthy", pull.at("/depends_on/ollama/condition").asText());
  }

  @Test
  void prometheus_scrapesRatewiseMetrics() {
    JsonNode config = RepositoryFiles.readYaml(PROMETHEUS);

    boolean scrapesRatewise = false;
    for (JsonNode job : config.path("scrape_configs")) {
      String path = job.path("metrics_path").asText("/metrics");
      for (JsonNode target : job.findValues("targets")) {
        scrapesRatewise |= texts(target).contains("ratewise:8080") && path.equals("/metrics");
      }
    }

    assertTrue(scrapesRatewise, "no scrape job targets ratewise:8080/metrics");
    List<String> volumes = texts(services().at("/prometheus/volumes"));
    assertTrue(volumes.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"),
        "prometheus does not mount prometheus/prometheus.yml: " + volumes);
  }

  /** Runs Prometheus's own validator when it is installed. CI installs it with the prometheus package. */
  @Test
  void prometheusConfig_passesPromtool() throws IOException, InterruptedException {
    Path promtool = findOnPath("promtool");
    assumeTrue(promtool != null, "promtool is not installed");

    Process process = new ProcessBuilder(promtool.toString(), "check", "config", PROMETHEUS.toString())
        .redirectErrorStream(true)
        .start();
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }

    assertTrue(finished, "promtool timed out after 60 s");
    assertEquals(0, process.exitValue(), output);
  }

  private static JsonNode compose() {
    return RepositoryFiles.readYaml(COMPOSE);
  }

  private static JsonNode services() {
    JsonNode services = compose().path("services");
    assertNotNull(services, "docker-compose.yml has no services");
    return services;
  }

  private static Set<String> dependencies(JsonNode service) {
    Set<String> names = new LinkedHashSet<>();
    JsonNode dependsOn = service.path("depends_on");
    if (dependsOn.isArray()) {
      dependsOn.forEach(name -> names.add(name.asText()));
    } else {
      dependsOn.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  /** Returns the container side of each entry in a service's ports or expose list. */
  private static List<Integer> containerPorts(JsonNode service, String field) {
    List<Integer> ports = new ArrayList<>();
    for (String entry : texts(service.path(field))) {
      String[] parts = entry.split("/")[0].split(":");
      ports.add(Integer.parseInt(parts[parts.length - 1]));
    }
    return ports;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static Path findOnPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .map(folder -> Path.of(folder, program))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }
}
