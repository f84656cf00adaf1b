package dev.sluice.spring.app;

import dev.sluice.spring.SluiceTemplate;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A @Transactional method called from a handler: it joins the batch's transaction. */
@Service
public class ChainService {

    private final JdbcTemplate jdbc;
    private final SluiceTemplate sluice;
    private final String schema;

    public ChainService(JdbcTemplate jdbc, SluiceTemplate sluice, @Value("${sluice.schema}") String schema) {
        this.jdbc = jdbc;
        this.sluice = sluice;
        this.schema = schema;
    }

    @Transactional
    public void record(String item) {
        jdbc.update("INSERT INTO \"" + schema + "\".chained (item) VALUES (?)", item);
        sluice.enqueue("chain_audit", Map.of("item", item)); // a queue without a handler: its depth counts what committed
        if (item.startsWith("fail")) {
            throw new IllegalStateException("cannot record " + item);
        }
    }
}
