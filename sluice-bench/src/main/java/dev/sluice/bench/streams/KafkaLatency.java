package dev.sluice.bench.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
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
 * Kafka's side of {@link StreamLatencyPhase}: the same open-loop schedule (rate, seconds, {@value
 * StreamLatencyPhase#PRODUCERS} producer threads sharing it, keys k0..k99), each record sent alone and
 * waited for (acks=all, the broker fsyncs the append: {@link KafkaBroker#DURABILITY}), as Sluice's side
 * commits one append transaction per event; one consumer group per subscription, one consumer each
 * (a subscription has one active consumer), committing offsets after each poll. Latency is taken when
 * the consumer's poll returns the record (the handler's start): from the intended send time, and from
 * the moment the producer saw the acknowledgement (the counterpart of "from commit").
 */
final class KafkaLatency {

    private final KafkaBroker broker;
    private final StreamBenchOptions o;

    KafkaLatency(KafkaBroker broker, StreamBenchOptions o) {
        this.broker = broker;
        this.o = o;
    }

    Map<String, Object> run(List<Integer> groupCounts) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int count : groupCounts) {
            String topic = "lat" + count;
            broker.createTopic(topic, o.connections());
            Histogram fromIntended = new Histogram(60_000_000_000L, 3);
            Histogram fromAck = new Histogram(60_000_000_000L, 3);
            Map<String, Long> ackedAt = new ConcurrentHashMap<>();
            int total = o.latencyRate() * o.latencySeconds();
            CountDownLatch assigned = new CountDownLatch(count);
            AtomicBoolean stop = new AtomicBoolean();
            List<AtomicLong> received = new ArrayList<>();
            List<Thread> consumers = new ArrayList<>();
            for (int g = 0; g < count; g++) {
                AtomicLong got = new AtomicLong();
                received.add(got);
                String group = topic + "-g" + g;
                Thread t = new Thread(() -> consume(topic, group, assigned, stop, got, fromIntended, fromAck, ackedAt));
                t.start();
                consumers.add(t);
            }
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka consumer groups were not assigned their partitions within 60 s");
            }
            produce(topic, total, ackedAt);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.stream().anyMatch(n -> n.get() < total) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stop.set(true);
            for (Thread t : consumers) {
                t.join();
            }
            StreamBenchmark.check(received.stream().allMatch(n -> n.get() == total), "every Kafka latency group got every record once: " + received);
            r.put("kafka_latency_" + count + "group_p50_ms", ms(fromIntended.getValueAtPercentile(50)));
            r.put("kafka_latency_" + count + "group_p99_ms", ms(fromIntended.getValueAtPercentile(99)));
            r.put("kafka_latency_" + count + "group_max_ms", ms(fromIntended.getMaxValue()));
            r.put("kafka_ack_to_handler_" + count + "group_p50_ms", ms(fromAck.getValueAtPercentile(50)));
            r.put("kafka_ack_to_handler_" + count + "group_p99_ms", ms(fromAck.getValueAtPercentile(99)));
            System.err.printf("kafka latency, %d group(s): from intended send p50 %.1f ms, p99 %.1f ms; from ack p50 %.1f ms, p99 %.1f ms%n",
                    count, ms(fromIntended.getValueAtPercentile(50)), ms(fromIntended.getValueAtPercentile(99)),
                    ms(fromAck.getValueAtPercentile(50)), ms(fromAck.getValueAtPercentile(99)));
        }
        return r;
    }

    private void produce(String topic, int total, Map<String, Long> ackedAt) throws Exception {
        long interval = 1_000_000_000L / o.latencyRate();
        long start = System.nanoTime();
        AtomicInteger slot = new AtomicInteger();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            producer.partitionsFor(topic); // metadata before the clock starts
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < StreamLatencyPhase.PRODUCERS; p++) {
                Thread t = new Thread(() -> {
                    int i;
                    while ((i = slot.getAndIncrement()) < total) {
                        long intended = start + i * interval;
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        try {
                            RecordMetadata m = producer.send(new ProducerRecord<>(topic, "k" + (i % 100), "{\"t\":" + intended + "}")).get();
                            ackedAt.put(m.partition() + ":" + m.offset(), System.nanoTime());
                        } catch (Exception e) {
                            throw new IllegalStateException("Kafka latency send failed", e);
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private void consume(String topic, String group, CountDownLatch assigned, AtomicBoolean stop, AtomicLong got,
                         Histogram fromIntended, Histogram fromAck, Map<String, Long> ackedAt) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(group))) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(50)); // joins the group; the topic is empty, nothing is returned
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position); // resolve the end offsets now, not at the first record
            assigned.countDown();
            while (!stop.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                synchronized (fromIntended) {
                    for (ConsumerRecord<String, String> rec : records) {
                        String v = rec.value();
                        long intended = Long.parseLong(v.substring(v.indexOf(':') + 1, v.length() - 1));
                        fromIntended.recordValue(Math.max(0, now - intended));
                        Long ack = ackedAt.get(rec.partition() + ":" + rec.offset());
                        // null or later: the record reached the consumer before the producer saw its acknowledgement
                        fromAck.recordValue(ack == null ? 0 : Math.max(0, now - ack));
                    }
                }
                got.addAndGet(records.count());
                consumer.commitSync();
            }
        }
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0"); // latency: send at once, as an append commits at once
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    private Properties consumerConfig(String group) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }
}
