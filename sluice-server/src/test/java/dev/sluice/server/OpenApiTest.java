package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.api.Route;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description and the registered routes must match, both ways. */
class OpenApiTest {

    @Test
    void everyRouteIsDescribedAndEveryDescribedRouteExists() {
        try (TestService service = new TestService("srv_openapi")) {
            TestService.Reply reply = service.getAnonymous("/openapi.json");
            assertThat(reply.status()).isEqualTo(200);
            JsonNode doc = reply.json();
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            Set<String> described = new TreeSet<>();
            Set<String> leaderboardOnly = new HashSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (method.equals("parameters")) {
                        continue;
                    }
                    String key = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                    described.add(key);
                    if (path.getValue().get(method).get("tags").toString().contains("leaderboard")) {
                        leaderboardOnly.add(key);
                    }
                }
            }
            Set<String> registered = new TreeSet<>();
            for (Route route : service.server.routes()) {
                registered.add(route.method() + " " + route.path());
            }
            assertThat(described).as("routes missing from openapi.json").containsAll(registered);
            Set<String> expected = new TreeSet<>(described);
            if (!service.server.hasLeaderboard()) {
                expected.removeAll(leaderboardOnly);
            }
            assertThat(registered).as("openapi.json describes routes that do not exist").containsAll(expected);
            // The query parameters a route accepts are the ones described (any other gets 400).
            for (Route route : service.server.routes()) {
                Set<String> documented = new TreeSet<>();
                JsonNode operation = doc.get("paths").get(route.path()).get(route.method().toLowerCase(Locale.ROOT));
                for (JsonNode param : operation.path("parameters")) {
                    JsonNode p = param.has("$ref") ? doc.at(param.get("$ref").asText().substring(1)) : param;
                    if ("query".equals(p.path("in").asText())) {
                        documented.add(p.get("name").asText());
                    }
                }
                Set<String> accepted = new TreeSet<>(route.queryParameters());
                if (route.stream()) {
                    accepted.removeAll(Set.of("ticket", "access_token")); // described as security schemes
                }
                assertThat(accepted).as("query parameters of " + route.method() + " " + route.path()).isEqualTo(documented);
            }
        }
    }
}
