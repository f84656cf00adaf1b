package dev.sluice.leaderboard.memory;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Player ids interned to ints, once per process: the window instances keep ints, so a player in
 * five windows and a thousand one-second instances costs one string, and the instances hold no
 * references for the collector to trace. One writer (the tail, which interns while it holds its
 * lock); readers from any thread.
 *
 * <p>An id stays interned for the life of the process (a few dozen bytes per distinct player ever
 * seen), whether or not an instance within retention still holds it.
 */
final class Players {

    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    /** Names by id; replaced (never changed in place below {@code count}) when it grows. */
    private volatile String[] names = new String[1024];
    private int count;

    /** The player's int, interning it if new. Called by one thread at a time. */
    int intern(String player) {
        Integer id = ids.get(player);
        if (id != null) {
            return id;
        }
        String[] n = names;
        if (count == n.length) {
            n = Arrays.copyOf(n, n.length * 2);
        }
        n[count] = player;
        names = n; // publish the name before the id
        ids.put(player, count);
        return count++;
    }

    /** The player's int, or -1 when this process has never seen it. */
    int find(String player) {
        Integer id = ids.get(player);
        return id == null ? -1 : id;
    }

    /** The name of an interned player. Ids reach readers through an instance lock taken after the interning. */
    String name(int id) {
        return names[id];
    }

    int size() {
        return ids.size();
    }
}
