package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestService.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schedule endpoints: define, read, pause, resume, remove, and refusals with a message. */
class ScheduleApiTest {

    static TestService service;

    @BeforeAll
    static void start() {
        service = new TestService("srv_sched");
        service.put("/api/queues/reports");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void defineReadPauseResumeAndRemove() {
        String body = "{\"queue\":\"reports\",\"cron\":\"0 3 * * *\",\"zone\":\"Europe/Paris\",\"payload\":{\"kind\":\"daily\"},\"catchUp\":\"skip\"}";
        Reply created = service.put("/api/schedules/nightly-report", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("result").asText()).isEqualTo("created");
        JsonNode schedule = created.json().get("schedule");
        assertThat(schedule.get("schedule").asText()).isEqualTo("cron \"0 3 * * *\" Europe/Paris");
        assertThat(schedule.get("payload").get("kind").asText()).isEqualTo("daily");
        assertThat(schedule.get("catchUp").asText()).isEqualTo("skip");
        assertThat(schedule.get("nextTicks")).hasSize(5);
        assertThat(Instant.parse(schedule.get("nextRunAt").asText())).isAfter(Instant.now());
        assertThat(schedule.get("lastTickAt").isNull()).isTrue();

        Reply again = service.put("/api/schedules/nightly-report", body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("result").asText()).isEqualTo("unchanged");

        Reply list = service.get("/api/schedules");
        assertThat(list.json().get("schedules").findValuesAsText("name")).contains("nightly-report");

        Reply paused = service.post("/api/schedules/nightly-report/pause", "{}");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().get("paused").booleanValue()).isTrue();
        assertThat(paused.json().get("nextTicks")).isEmpty();
        Reply resumed = service.post("/api/schedules/nightly-report/resume", "{}");
        assertThat(resumed.json().get("paused").booleanValue()).isFalse();

        assertThat(service.delete("/api/schedules/nightly-report").status()).isEqualTo(200);
        Reply gone = service.get("/api/schedules/nightly-report");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("error").asText()).isEqualTo("unknown_schedule");
        assertThat(service.delete("/api/schedules/nightly-report").status()).isEqualTo(404);
    }

    @Test
    void anIntervalScheduleDefinedOverHttpEnqueuesItsTicks() {
        service.put("/api/queues/pings");
        Reply created = service.put("/api/schedules/ping", "{\"queue\":\"pings\",\"every\":\"1s\",\"payload\":\"ping\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.get("/api/schedules/ping").json().get("enqueuedTicks").longValue() >= 1);
        JsonNode after = service.get("/api/schedules/ping").json();
        assertThat(after.get("lastTickAt").isNull()).isFalse();
        assertThat(service.get("/api/queues/pings").json().get("depth").longValue()).isGreaterThanOrEqualTo(1);
        service.delete("/api/schedules/ping");
    }

    @Test
    void badDefinitionsGet400WithAMessageAndWriteNothing() {
        Reply badCron = service.put("/api/schedules/bad", "{\"queue\":\"reports\",\"cron\":\"0 25 * * *\"}");
        assertThat(badCron.status()).isEqualTo(400);
        assertThat(badCron.json().get("message").asText()).contains("body.cron").contains("\"0 25 * * *\" is not valid");

        Reply both = service.put("/api/schedules/bad", "{\"queue\":\"reports\",\"cron\":\"@daily\",\"every\":\"5m\"}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("message").asText()).contains("exactly one of body.cron");

        Reply several = service.put("/api/schedules/bad", "{\"queue\":\"reports\",\"every\":\"10ms\",\"catchUp\":\"sometimes\",\"grace\":\"2 days\"}");
        assertThat(several.status()).isEqualTo(400);
        assertThat(several.json().get("details").toString()).contains("body.every").contains("body.catchUp").contains("body.grace");

        Reply zone = service.put("/api/schedules/bad", "{\"queue\":\"reports\",\"cron\":\"@daily\",\"zone\":\"Mars/Olympus\"}");
        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.json().get("message").asText()).contains("Unknown time zone");

        Reply unknownField = service.put("/api/schedules/bad", "{\"queue\":\"reports\",\"every\":\"5m\",\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("message").asText()).contains("unknown field \"colour\"");

        Reply noQueue = service.put("/api/schedules/bad", "{\"queue\":\"missing\",\"every\":\"5m\"}");
        assertThat(noQueue.status()).isEqualTo(404);
        assertThat(noQueue.json().get("error").asText()).isEqualTo("unknown_queue");

        Reply badName = service.put("/api/schedules/bad%20name", "{\"queue\":\"reports\",\"every\":\"5m\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("error").asText()).isEqualTo("invalid_schedule");

        assertThat(service.post("/api/schedules/missing/pause", "{}").status()).isEqualTo(404);
        assertThat(service.get("/api/schedules/bad").status()).as("nothing was written").isEqualTo(404);
    }

    @Test
    void schedulesNeedTheToken() {
        assertThat(service.getAnonymous("/api/schedules").status()).isEqualTo(401);
        Reply wrong = service.send(service.request("/api/schedules").header("Authorization", "Bearer wrong").GET().build());
        assertThat(wrong.status()).isEqualTo(403);
        Reply anonymousDefine = service.send(service.request("/api/schedules/x").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"queue\":\"reports\",\"every\":\"5m\"}")).build());
        assertThat(anonymousDefine.status()).isEqualTo(401);
    }
}
