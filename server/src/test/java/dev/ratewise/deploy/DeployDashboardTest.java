package dev.ratewise.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks the Grafana provisioning and the ratewise dashboard: the datasource the panels name is
 * provisioned, the dashboard folder is the one compose mounts, and the panels query exactly the
 * metrics ratewise exports. No Grafana runs here, so PromQL syntax is not checked.
 */
class DeployDashboardTest {
  private static final Path GRAFANA = RepositoryFiles.resolve("deploy/grafana");

  @Test
  void metricNames_ignoreFunctionsLabelsAndStrings() {
    String expression = "histogram_quantile(0.99, sum by (le, rpc_name) "
        + "(rate(ratewise_request_duration_seconds_bucket{rule_name=\"a_b\"}[1m])))";

    Set<String> names = DashboardMetrics.metricNames(expression);

    assertEquals(Set.of("ratewise_request_duration_seconds_bucket"), names);
  }

  @Test
  void dashboard_queriesEveryRatewiseMetric() {
    JsonNode dashboard = RepositoryFiles.readJson(DashboardMetrics.DASHBOARD);

    Set<String> used = DashboardMetrics.metricNames(dashboard);

    assertEquals(new TreeSet<>(DashboardMetrics.RATEWISE_METRICS), used);
  }

  @Test
  void dashboard_hasUniquePanelIdsAndTargets() {
    JsonNode dashboard = RepositoryFiles.readJson(DashboardMetrics.DASHBOARD);

    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
      boolean isRow = panel.path("type").asText().equals("row");
      assertTrue(isRow || panel.path("targets").size() > 0,
          "panel '" + panel.path("title").asText() + "' has no query");
    }
    assertFalse(dashboard.path("uid").asText().isEmpty(), "dashboard has no uid");
  }

  @Test
  void panels_useProvisionedDatasource() {
    JsonNode datasources = RepositoryFiles.readYaml(
        GRAFANA.resolve("provisioning/datasources/prometheus.yml")).path("datasources");
    JsonNode dashboard = RepositoryFiles.readJson(DashboardMetrics.DASHBOARD);

    Set<String> provisioned = new TreeSet<>();
    datasources.forEach(source -> provisioned.add(source.path("uid").asText()));
    List<String> referenced = new ArrayList<>();
    dashboard.findValues("datasource").forEach(source -> referenced.add(source.path("uid").asText()));

    assertFalse(referenced.isEmpty(), "no panel names a datasource");
    for (String uid : referenced) {
      assertTrue(provisioned.contains(uid), "datasource uid " + uid + " is not provisioned");
    }
    assertEquals("http://prometheus:9090", datasources.path(0).path("url").asText());
  }

  @Test
  void dashboardProvider_readsComposeMountedFolder() {
    JsonNode providers = RepositoryFiles.readYaml(
        GRAFANA.resolve("provisioning/dashboards/ratewise.yml")).path("providers");
    JsonNode compose = RepositoryFiles.readYaml(RepositoryFiles.resolve("deploy/docker-compose.yml"));

    String providerPath = providers.path(0).at("/options/path").asText();
    List<String> volumes = new ArrayList<>();
    compose.at("/services/grafana/volumes").forEach(volume -> volumes.add(volume.asText()));

    assertTrue(volumes.contains("./grafana/dashboards:" + providerPath + ":ro"),
        "grafana does not mount ./grafana/dashboards on " + providerPath + ": " + volumes);
    assertTrue(volumes.contains("./grafana/provisioning:/etc/grafana/provisioning:ro"),
        "grafana does not mount the provisioning folder: " + volumes);
  }
}
