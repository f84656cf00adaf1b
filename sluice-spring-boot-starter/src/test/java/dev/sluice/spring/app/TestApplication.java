package dev.sluice.spring.app;

import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.BatchHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A small application as a user would write it: a service, an annotated handler, a BatchHandler bean. */
@SpringBootApplication
public class TestApplication {

    /** What the "audit" BatchHandler bean received. */
    public static final List<ReceivedMessage> AUDITED = new CopyOnWriteArrayList<>();

    /** Handles queue "audit": a BatchHandler bean's name is its queue. */
    @Bean
    BatchHandler audit() {
        return batch -> AUDITED.addAll(batch.messages());
    }
}
