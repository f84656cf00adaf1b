package dev.sluice.bench.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The stream workload through Kafka with the Java client: the same events, keys, payloads, threads
 * and batch sizes. A "batch" is {@code batch} sends then {@code flush()}: the producer's equivalent of
 * committing a batch, every record acknowledged (acks=all, fsynced by the broker) before the next.
 * Reading: one consumer group per subscription, polling up to {@code readBatch} records and
 * committing the offsets synchronously after each poll, as a subscription moves its position; timed
 * from the first record received, so the group join does not count against Kafka.
 */
final class KafkaSide {

    private final KafkaBroker broker;
    private final StreamBenchOptions o;
    private final String topic;

    KafkaSide(KafkaBroker broker, StreamBenchOptions o, String topic) {
        this.broker = broker;
        this.o = o;
        this.topic = topic;
    }

    /** Appends events in batches of {@code batch} over {@code o.connections()} producers; returns events per second. */
    double append(String label, int events, int batch) throws Exception {
        int batches = events / batch;
        AtomicLong next = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < o.connections(); t++) {
            Thread thread = new Thread(() -> {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
                    List<Future<RecordMetadata>> sent = new ArrayList<>(batch);
                    long b;
                    while ((b = next.getAndIncrement()) < batches) {
                        sent.clear();
                        for (int i = 0; i < batch; i++) {
                            long n = b * batch + i;
                            String key = "player-" + (n % 1000);
                            sent.add(producer.send(new ProducerRecord<>(topic, key, "{\"player\":\"" + key + "\",\"score\":" + (n * 7 % 10_000) + ",\"n\":" + n + "}")));
                        }
                        producer.flush();
                        for (Future<RecordMetadata> f : sent) {
                            f.get(); // throws if the broker refused it
                        }
                        acked.addAndGet(batch);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(label + " failed", e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        double rate = acked.get() / StreamBenchmark.seconds(start);
        System.err.printf("%s: %,d records in %.1f s = %,.0f/s%n", label, acked.get(), StreamBenchmark.seconds(start), rate);
        StreamBenchmark.check(acked.get() == (long) batches * batch, label + ": every record acknowledged");
        return rate;
    }

    /** Consumer groups reading the whole topic concurrently from the beginning; total records per second. */
    double read(List<String> groups, long expected) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicLong total = new AtomicLong();
        List<Long> perGroup = java.util.Collections.synchronizedList(new ArrayList<>());
        // Timed from the first record received: the consumer group's join (seconds) is not reading.
        AtomicLong firstRecordAt = new AtomicLong(Long.MAX_VALUE);
        for (String group : groups) {
            Thread t = new Thread(() -> {
                long n = 0;
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(group))) {
                    consumer.subscribe(List.of(topic));
                    long idleSince = System.nanoTime();
                    while (n < expected && System.nanoTime() - idleSince < Duration.ofSeconds(60).toNanos()) {
                        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                        if (records.isEmpty()) {
                            continue;
                        }
                        firstRecordAt.accumulateAndGet(System.nanoTime(), Math::min);
                        for (ConsumerRecord<String, String> r : records) {
                            r.value().length(); // touch the payload, as the other readers do
                            n++;
                        }
                        consumer.commitSync();
                        idleSince = System.nanoTime();
                    }
                }
                perGroup.add(n);
                total.addAndGet(n);
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double rate = total.get() / StreamBenchmark.seconds(firstRecordAt.get());
        StreamBenchmark.check(perGroup.size() == groups.size() && perGroup.stream().allMatch(n -> n == expected),
                "every Kafka consumer group read exactly " + expected + " records: " + perGroup);
        System.err.printf("kafka read x%d: %,.0f records/s in total%n", groups.size(), rate);
        return rate;
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1024 * 1024));
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    private Properties consumerConfig(String group) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(o.readBatch()));
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }
}
