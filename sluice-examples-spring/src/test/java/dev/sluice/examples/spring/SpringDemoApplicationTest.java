package dev.sluice.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.embedded.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example as a user meets it: over HTTP, on a real PostgreSQL, with its web server on a free port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringDemoApplicationTest {

    static final String SCHEMA = TestDatabase.freshSchemaName("spring_demo");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        try (var ds = TestDatabase.dataSource(1); var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + SCHEMA + "\"");
        }
        registry.add("spring.datasource.url", TestDatabase::jdbcUrl);
        registry.add("spring.datasource.hikari.schema", () -> SCHEMA); // the accounts table goes there
        registry.add("sluice.schema", () -> SCHEMA);
        registry.add("sluice.poll-interval", () -> "200ms");
    }

    @Autowired Environment environment;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI uri(String path) {
        return URI.create("http://localhost:" + environment.getProperty("local.server.port") + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignupOverHttpLeadsToAHandledWelcomeEmail() throws Exception {
        HttpResponse<String> created = post("/signups", "{\"email\":\"ada@example.com\"}");
        assertThat(created.statusCode()).isEqualTo(201);

        String path = "/signups/" + URLEncoder.encode("ada@example.com", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(15)).until(() -> !get(path).body().contains("\"welcomed_at\":null"));
        assertThat(get(path).body()).contains("\"email\":\"ada@example.com\"").contains("\"welcomed_at\":\"20");

        // A second signup for the same address creates nothing and sends nothing.
        HttpResponse<String> again = post("/signups", "{\"email\":\"ada@example.com\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"created\":false");
    }

    @Test
    void aBadRequestSaysWhatIsExpected() throws Exception {
        HttpResponse<String> bad = post("/signups", "{\"mail\":\"x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("give an \\\"email\\\"");
    }

    @Test
    void theActuatorHealthIncludesSluice() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/actuator/health").statusCode() == 200);
        assertThat(get("/actuator/health").body()).contains("\"sluice\"").contains("\"welcome_emails\"").contains("\"listen\":\"connected\"");
    }
}
