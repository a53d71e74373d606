package com.velure.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules of k8s/base/monitoring/alerts.yaml and the Grafana dashboard's queries, checked
 * with promtool (Debian package prometheus; .ci/run installs it): the rules are valid and behave
 * as alerts-test.yml says, every dashboard query is valid PromQL.
 */
class MonitoringRulesTest {

    static final Path MONITORING = Tools.ROOT.resolve("k8s/base/monitoring");
    static String promtool;
    static Path work;

    @BeforeAll
    static void promtool() throws Exception {
        var found = Tools.onPath("promtool");
        Assumptions.assumeTrue(found.isPresent(), "promtool not on PATH (apt-get install prometheus): rules not checked");
        promtool = found.get().toString();
        work = Files.createDirectories(Tools.WORK.resolve("promtool"));
    }

    /** The PrometheusRule's spec is a plain Prometheus rules file. */
    static Path rulesFile() throws Exception {
        JsonNode rule = Manifests.YAML.readTree(MONITORING.resolve("alerts.yaml").toFile());
        Path rules = work.resolve("velure.rules.yml");
        Manifests.YAML.writeValue(rules.toFile(), rule.path("spec"));
        return rules;
    }

    @Test
    void alertRulesAreValid() throws Exception {
        Tools.Result check = Tools.run(List.of(promtool, "check", "rules", rulesFile().toString()));
        assertEquals(0, check.exitCode(), check.output());
    }

    @Test
    void alertRulesFireAndStaySilentAsTheUnitTestsSay() throws Exception {
        rulesFile();
        Path tests = work.resolve("alerts-test.yml");
        Files.copy(MONITORING.resolve("alerts-test.yml"), tests, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Tools.Result test = Tools.run(List.of(promtool, "test", "rules", tests.toString()));
        assertEquals(0, test.exitCode(), test.output());
        // Every alert has a case where it fires and one where it stays silent.
        JsonNode cases = Manifests.YAML.readTree(tests.toFile());
        JsonNode rules = Manifests.YAML.readTree(work.resolve("velure.rules.yml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                boolean fires = false;
                boolean silent = false;
                for (JsonNode test1 : cases.path("tests")) {
                    for (JsonNode expectation : test1.path("alert_rule_test")) {
                        if (expectation.path("alertname").asText().equals(alert)) {
                            boolean empty = expectation.path("exp_alerts").isEmpty();
                            fires |= !empty;
                            silent |= empty;
                        }
                    }
                }
                assertTrue(fires && silent, alert + " needs a firing and a silent case in alerts-test.yml");
            }
        }
    }

    @Test
    void everyDashboardQueryIsValidPromQL() throws Exception {
        List<String> queries = dashboardQueries();
        assertFalse(queries.isEmpty());
        // promtool has no "check query": a recording rule per query makes it parse each one.
        ObjectNode file = Manifests.YAML.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        for (int i = 0; i < queries.size(); i++) {
            rules.addObject().put("record", "velure:dashboard_query_" + i).put("expr", grafanaDefaults(queries.get(i)));
        }
        Path path = work.resolve("dashboard-queries.rules.yml");
        Manifests.YAML.writeValue(path.toFile(), file);
        Tools.Result check = Tools.run(List.of(promtool, "check", "rules", path.toString()));
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains(queries.size() + " rules found"), check.output());

        Path broken = work.resolve("broken.rules.yml");
        Files.writeString(broken, "groups: [{name: x, rules: [{record: 'x:y', expr: 'sum by (service (up)'}]}]\n");
        assertNotEquals(0, Tools.run(List.of(promtool, "check", "rules", broken.toString())).exitCode());
    }

    static List<String> dashboardQueries() throws Exception {
        List<String> queries = new ArrayList<>();
        for (JsonNode expr : Manifests.YAML.readTree(MONITORING.resolve("velure-dashboard.json").toFile()).findValues("expr")) {
            queries.add(expr.asText());
        }
        return queries;
    }

    /** Grafana's variables as the dashboard sets them by default (docker/test.sh does the same). */
    static String grafanaDefaults(String query) {
        return query.replace("$__rate_interval", "1m").replace("$__interval", "1m")
                .replace("${service}", ".+").replace("$service", ".+");
    }
}
