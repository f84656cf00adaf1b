package dev.sluice.streams;

import java.util.List;
import java.util.Map;

/**
 * What one retention run did to a stream.
 *
 * @param dropped partitions dropped, oldest first
 * @param keptFor subscriptions that kept an expired partition ({@link RetentionMode#KEEP_UNCONSUMED}), with the events they have not consumed in it
 * @param lost events dropped before a subscription read them, by subscription ({@link RetentionMode#DROP_UNCONSUMED})
 */
public record RetentionResult(List<String> dropped, Map<String, Long> keptFor, Map<String, Long> lost) {
}
