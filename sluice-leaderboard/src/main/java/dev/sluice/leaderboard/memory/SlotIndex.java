package dev.sluice.leaderboard.memory;

/**
 * Interned player → slot of one window instance: open addressing over one int array (linear
 * probing, at most half full), so the index is one object however many players it holds.
 */
final class SlotIndex {

    /** slot + 1 per bucket, 0 when empty; keyed by the player ids in {@code owners}. */
    private int[] buckets = new int[16];
    private int count;

    /** The slot of {@code player}, or -1. {@code owners[slot]} is the player of each slot. */
    int find(int player, int[] owners) {
        int mask = buckets.length - 1;
        for (int b = mix(player) & mask; ; b = (b + 1) & mask) {
            int s = buckets[b];
            if (s == 0) {
                return -1;
            }
            if (owners[s - 1] == player) {
                return s - 1;
            }
        }
    }

    /** Records {@code slot} for a player not yet in the index. */
    void put(int player, int slot, int[] owners) {
        if (2 * (count + 1) > buckets.length) {
            grow(owners);
        }
        place(player, slot, buckets);
        count++;
    }

    private void grow(int[] owners) {
        int[] bigger = new int[buckets.length * 2];
        for (int s : buckets) {
            if (s != 0) {
                place(owners[s - 1], s - 1, bigger);
            }
        }
        buckets = bigger;
    }

    private static void place(int player, int slot, int[] into) {
        int mask = into.length - 1;
        int b = mix(player) & mask;
        while (into[b] != 0) {
            b = (b + 1) & mask;
        }
        into[b] = slot + 1;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
