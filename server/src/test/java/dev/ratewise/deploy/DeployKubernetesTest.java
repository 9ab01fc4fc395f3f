package dev.ratewise.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks the Kubernetes manifests under deploy/k8s structurally: the ratewise pod with its Envoy
 * sidecar, the ConfigMaps it mounts, and the Services around it.
 *
 * <p>No cluster is reachable from the development machine, so the manifests are read as YAML and
 * never applied. A field name that the API server would reject is caught only where a check below
 * reads it.
 */
class DeployKubernetesTest {
  private static final Path K8S = RepositoryFiles.resolve("deploy/k8s");
  private static final Path RATEWISE_CONFIG =
      RepositoryFiles.resolve("server/src/main/resources/config/ratewise-example.yaml");
  private static final Path SIDECAR_ENVOY = RepositoryFiles.resolve("envoy/envoy-sidecar.yaml");

  @Test
  void manifests_pinEveryImage() {
    List<String> images = new ArrayList<>();
    for (JsonNode document : documents()) {
      document.findValues("image").forEach(image -> images.add(image.asText()));
    }

    assertFalse(images.isEmpty(), "no images found in deploy/k8s");
    for (String image : images) {
      assertTrue(ContainerImages.isPinned(image), "unpinned image " + image);
    }
  }

  @Test
  void deployment_runsRatewiseAndEnvoy() {
    Map<String, JsonNode> containers = containers(podSpec());

    assertEquals(Set.of("ratewise", "envoy"), containers.keySet());
  }

  @Test
  void ratewise_probesReadyzAndHealthz() {
    JsonNode ratewise = containers(podSpec()).get("ratewise");

    assertEquals("/readyz", ratewise.at("/readinessProbe/httpGet/path").asText());
    assertEquals(8080, resolvePort(ratewise, ratewise.at("/readinessProbe/httpGet/port")));
    assertEquals("/healthz", ratewise.at("/livenessProbe/httpGet/path").asText());
    assertEquals(8080, resolvePort(ratewise, ratewise.at("/livenessProbe/httpGet/port")));
  }

  @Test
  void ratewise_exposesHttpAndGrpcPorts() {
    JsonNode ratewise = containers(podSpec()).get("ratewise");

    Set<Integer> ports = new TreeSet<>();
    ratewise.path("ports").forEach(port -> ports.add(port.path("containerPort").asInt()));

    assertEquals(Set.of(8080, EnvoyConfigProblems.RATEWISE_GRPC_PORT), ports);
  }

  @Test
  void envoy_probesItsListener() {
    JsonNode envoy = containers(podSpec()).get("envoy");

    assertEquals(EnvoyConfigProblems.INGRESS_PORT,
        resolvePort(envoy, envoy.at("/readinessProbe/tcpSocket/port")));
    assertEquals(EnvoyConfigProblems.INGRESS_PORT,
        resolvePort(envoy, envoy.at("/livenessProbe/tcpSocket/port")));
  }

  @Test
  void containers_setRequestsAndLimits() {
    for (Map.Entry<String, JsonNode> container : containers(podSpec()).entrySet()) {
      JsonNode resources = container.getValue().path("resources");
      for (String kind : List.of("requests", "limits")) {
        for (String resource : List.of("cpu", "memory")) {
          assertTrue(resources.path(kind).has(resource),
              container.getKey() + " lacks resources." + kind + "." + resource);
        }
      }
    }
  }

  @Test
  void pod_runsAsNonRoot() {
    JsonNode podSecurity = podSpec().path("securityContext");

    assertTrue(podSecurity.path("runAsNonRoot").asBoolean(), "runAsNonRoot is not true");
    assertTrue(podSecurity.path("runAsUser").asInt() > 0, "pod runAsUser is not a non-root uid");
    for (Map.Entry<String, JsonNode> container : containers(podSpec()).entrySet()) {
      JsonNode security = container.getValue().path("securityContext");
      assertFalse(security.has("runAsUser") && security.path("runAsUser").asInt() == 0,
          container.getKey() + " runs as root");
      assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true),
          container.getKey() + " allows privilege escalation");
    }
  }

  @Test
  void pod_hasPrometheusScrapeAnnotations() {
    JsonNode annotations = deployment().at("/spec/template/metadata/annotations");

    assertEquals("true", annotations.path("prometheus.io/scrape").asText());
    assertEquals("8080", annotations.path("prometheus.io/port").asText());
    assertEquals("/metrics", annotations.path("prometheus.io/path").asText());
  }

  @Test
  void volumeMounts_referenceDefinedVolumes() {
    Set<String> volumes = new TreeSet<>();
    podSpec().path("volumes").forEach(volume -> volumes.add(volume.path("name").asText()));

    for (Map.Entry<String, JsonNode> container : containers(podSpec()).entrySet()) {
      for (JsonNode mount : container.getValue().path("volumeMounts")) {
        assertTrue(volumes.contains(mount.path("name").asText()),
            container.getKey() + " mounts undefined volume " + mount.path("name").asText());
      }
    }
    for (JsonNode volume : podSpec().path("volumes")) {
      if (volume.has("configMap")) {
        String name = volume.at("/configMap/name").asText();
        assertFalse(configMap(name).isMissingNode(), "ConfigMap " + name + " is not defined");
      }
    }
  }

  @Test
  void ratewise_readsConfigFolderFromConfigMap() {
    JsonNode ratewise = containers(podSpec()).get("ratewise");
    JsonNode mount = mountOf(ratewise, "ratewise-config");

    String configEnv = env(ratewise, "RATEWISE_CONFIG");

    assertEquals(mount.path("mountPath").asText(), configEnv);
    assertFalse(mount.has("subPath"), "a subPath mount never receives ConfigMap updates");
  }

  @Test
  void envoy_loadsSidecarConfigFromConfigMap() {
    JsonNode envoy = containers(podSpec()).get("envoy");
    JsonNode mount = mountOf(envoy, "ratewise-envoy");

    List<String> args = new ArrayList<>();
    envoy.path("args").forEach(arg -> args.add(arg.asText()));
    String configPath = args.get(args.indexOf("-c") + 1);

    assertEquals(mount.path("mountPath").asText() + "/envoy.yaml", configPath);
    assertTrue(configMap("ratewise-envoy").path("data").has("envoy.yaml"));
  }

  @Test
  void envoyConfigMap_matchesSidecarYaml() {
    String embedded = configMap("ratewise-envoy").at("/data/envoy.yaml").asText();

    JsonNode copy = parseYaml(embedded);

    assertEquals(RepositoryFiles.readYaml(SIDECAR_ENVOY), copy,
        "ConfigMap ratewise-envoy differs from envoy/envoy-sidecar.yaml: copy the file into it");
  }

  @Test
  void ratewiseConfigMap_matchesBundledConfig() {
    String embedded = configMap("ratewise-config").at("/data/ratewise.yaml").asText();

    JsonNode copy = parseYaml(embedded);

    assertEquals(RepositoryFiles.readYaml(RATEWISE_CONFIG), copy,
        "ConfigMap ratewise-config differs from ratewise-example.yaml: copy the file into it");
  }

  @Test
  void ratewiseService_routesToEnvoyListener() {
    JsonNode service = service("ratewise");
    JsonNode podLabels = deployment().at("/spec/template/metadata/labels");

    service.path("spec").path("selector").fields().forEachRemaining(label ->
        assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(),
            "selector " + label.getKey() + " matches no pod label"));
    JsonNode envoy = containers(podSpec()).get("envoy");
    assertEquals(EnvoyConfigProblems.INGRESS_PORT,
        resolvePort(envoy, service.at("/spec/ports/0/targetPort")));
  }

  @Test
  void sidecarClusters_targetPodOrServicePorts() {
    JsonNode clusters = RepositoryFiles.readYaml(SIDECAR_ENVOY).at("/static_resources/clusters");

    for (JsonNode address : clusters.findValues("socket_address")) {
      String host = address.path("address").asText();
      int port = address.path("port_value").asInt();
      if (host.equals("127.0.0.1")) {
        assertEquals(EnvoyConfigProblems.RATEWISE_GRPC_PORT, port, "loopback cluster port");
        continue;
      }
      JsonNode service = service(host);
      assertFalse(service.isMissingNode(), "envoy-sidecar.yaml calls " + host + ", no such Service");
      assertEquals(port, service.at("/spec/ports/0/port").asInt(), "Service " + host + " port");
    }
  }

  private static List<JsonNode> documents() {
    List<JsonNode> documents = new ArrayList<>();
    for (Path file : RepositoryFiles.list(K8S, ".yaml", ".yml")) {
      documents.addAll(RepositoryFiles.readYamlDocuments(file));
    }
    return documents;
  }

  private static JsonNode find(String kind, String name) {
    return documents().stream()
        .filter(doc -> doc.path("kind").asText().equals(kind))
        .filter(doc -> doc.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
  }

  private static JsonNode deployment() {
    JsonNode deployment = find("Deployment", "ratewise");
    assertFalse(deployment.isMissingNode(), "deploy/k8s has no Deployment named ratewise");
    return deployment;
  }

  private static JsonNode podSpec() {
    return deployment().at("/spec/template/spec");
  }

  private static JsonNode configMap(String name) {
    return find("ConfigMap", name);
  }

  private static JsonNode service(String name) {
    return find("Service", name);
  }

  private static Map<String, JsonNode> containers(JsonNode podSpec) {
    Map<String, JsonNode> containers = new TreeMap<>();
    podSpec.path("containers").forEach(c -> containers.put(c.path("name").asText(), c));
    return containers;
  }

  /** Returns the volume mount of {@code container} whose volume is the ConfigMap {@code name}. */
  private static JsonNode mountOf(JsonNode container, String configMapName) {
    String volumeName = null;
    for (JsonNode volume : podSpec().path("volumes")) {
      if (volume.at("/configMap/name").asText().equals(configMapName)) {
        volumeName = volume.path("name").asText();
      }
    }
    assertTrue(volumeName != null, "no volume uses ConfigMap " + configMapName);
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals(volumeName)) {
        return mount;
      }
    }
    throw new AssertionError(container.path("name").asText() + " does not mount " + configMapName);
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (variable.path("name").asText().equals(name)) {
        return variable.path("value").asText();
      }
    }
    throw new AssertionError(container.path("name").asText() + " does not set " + name);
  }

  /** Resolves a probe or Service port, given as a number or as a container port name. */
  private static int resolvePort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode declared : container.path("ports")) {
      if (declared.path("name").asText().equals(port.asText())) {
        return declared.path("containerPort").asInt();
      }
    }
    throw new AssertionError(container.path("name").asText() + " has no port named " + port.asText());
  }

  private static JsonNode parseYaml(String text) {
    try {
      return RepositoryFiles.YAML.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("ConfigMap data is not valid YAML", e);
    }
  }
}
