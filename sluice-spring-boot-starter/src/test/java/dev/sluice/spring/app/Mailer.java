package dev.sluice.spring.app;

import dev.sluice.spring.SluiceHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Handles queue "emails" with an annotated method; its JdbcTemplate writes commit with the batch. */
@Component
public class Mailer {

    public final List<Email> received = new CopyOnWriteArrayList<>();
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final JdbcTemplate jdbc;
    private final String schema;

    public Mailer(JdbcTemplate jdbc, @Value("${sluice.schema}") String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    @SluiceHandler(queue = "emails", concurrency = 2, batchSize = 50)
    public void send(List<Email> emails) {
        batchSizes.add(emails.size());
        for (Email e : emails) {
            if (e.to().startsWith("poison")) {
                throw new IllegalArgumentException("cannot send to " + e.to());
            }
            jdbc.update("INSERT INTO \"" + schema + "\".sent (address) VALUES (?)", e.to());
        }
        received.addAll(emails);
    }
}
