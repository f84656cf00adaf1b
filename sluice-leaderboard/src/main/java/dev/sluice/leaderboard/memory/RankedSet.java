package dev.sluice.leaderboard.memory;

import java.util.Arrays;

/**
 * A sorted set of small non-negative ints (slots) with positions: an order-statistic treap kept in
 * one primitive array, indexed by the element itself (each node counts its subtree), so adding,
 * removing, "how many are ahead of this element" and "the elements from position i" are O(log n) in
 * expectation, plus the length of a page. Each element carries a primary key of two longs, kept in
 * its node beside its links and count, so a descent reads one node (one or two cache lines) per
 * level: the fold of a high ingest rate is bound by those reads, not by arithmetic. Ties on the key
 * are broken by an order over elements ({@link Order}), which the caller answers from its own arrays.
 * A node's priority is a hash of the element and the seed, so it needs no storage; this class holds
 * one long array, whatever the size, and nothing the garbage collector has to trace. The JDK's
 * {@code TreeSet} and Guava's {@code TreeMultiset} answer none of the positional questions below
 * O(n), and hold an object per element, which is why this class exists.
 *
 * <p>An element's key is fixed while it is in the set: remove it, then add it with its new key. Not
 * thread-safe: the caller guards it (one {@link WindowInstance} lock).
 */
public final class RankedSet {

    /** A total order over elements with equal keys, consistent with "equal iff the same element" for the elements added. */
    @FunctionalInterface
    public interface Order {
        int compare(int a, int b);
    }

    private static final int NIL = -1;
    /** Longs per node: the key's two parts, the links (left high, right low), the subtree's size. */
    private static final int NODE = 4;

    private final Order order;
    private final int seed;
    private long[] nodes = new long[0];
    private int root = NIL;

    /** An empty set in {@code order}; {@code seed} fixes the tree's shape (not its answers). */
    public RankedSet(Order order, long seed) {
        this.order = order;
        this.seed = (int) (seed ^ (seed >>> 32));
    }

    public int size() {
        return size(root);
    }

    /** Adds {@code e} with no key of its own: placed by {@link Order} alone among such elements. */
    public boolean add(int e) {
        return add(e, 0, 0);
    }

    /**
     * Adds {@code e} (non-negative) ranked by ({@code key1}, {@code key2}) ascending, then by {@link Order};
     * returns false (and changes nothing) when it is already there.
     */
    public boolean add(int e, long key1, long key2) {
        if (e < 0) {
            throw new IllegalArgumentException("elements are non-negative; got " + e);
        }
        if (contains(e)) {
            return false;
        }
        ensure(e);
        int b = e * NODE;
        nodes[b] = key1;
        nodes[b + 1] = key2;
        nodes[b + 2] = links(NIL, NIL);
        nodes[b + 3] = 1;
        root = insert(root, e);
        return true;
    }

    /** Inserts {@code e} below {@code n} and rotates it up while its priority is higher. */
    private int insert(int n, int e) {
        if (n == NIL) {
            return e;
        }
        if (compare(e, n) < 0) {
            int l = insert(left(n), e);
            setLeft(n, l);
            if (priority(l) > priority(n)) {
                return rotateRight(n);
            }
        } else {
            int r = insert(right(n), e);
            setRight(n, r);
            if (priority(r) > priority(n)) {
                return rotateLeft(n);
            }
        }
        update(n);
        return n;
    }

    private int rotateRight(int n) {
        int l = left(n);
        setLeft(n, right(l));
        update(n);
        setRight(l, n);
        update(l);
        return l;
    }

    private int rotateLeft(int n) {
        int r = right(n);
        setRight(n, left(r));
        update(n);
        setLeft(r, n);
        update(r);
        return r;
    }

    /** Removes {@code e}; returns whether it was there. */
    public boolean remove(int e) {
        if (!contains(e)) {
            return false;
        }
        root = remove(root, e);
        nodes[e * NODE + 3] = 0;
        return true;
    }

    private int remove(int n, int e) {
        if (n == e) {
            return merge(left(n), right(n));
        }
        if (compare(e, n) < 0) {
            setLeft(n, remove(left(n), e));
        } else {
            setRight(n, remove(right(n), e));
        }
        update(n);
        return n;
    }

    /** Merges two treaps where every element of {@code a} comes before every element of {@code b}. */
    private int merge(int a, int b) {
        if (a == NIL) {
            return b;
        }
        if (b == NIL) {
            return a;
        }
        if (priority(a) > priority(b)) {
            setRight(a, merge(right(a), b));
            update(a);
            return a;
        }
        setLeft(b, merge(a, left(b)));
        update(b);
        return b;
    }

    public boolean contains(int e) {
        // an element is in the set exactly when its node counts itself (removal zeroes it)
        return e >= 0 && (long) e * NODE < nodes.length && nodes[e * NODE + 3] > 0;
    }

    /** How many elements come before {@code e}; -1 when it is not in the set. */
    public int before(int e) {
        if (!contains(e)) {
            return -1;
        }
        int count = 0;
        int n = root;
        while (n != NIL) {
            if (n == e) {
                return count + size(left(n));
            }
            if (compare(e, n) < 0) {
                n = left(n);
            } else {
                count += size(left(n)) + 1;
                n = right(n);
            }
        }
        return count;
    }

    /** Up to {@code limit} elements from position {@code offset} (0-based), in order. */
    public int[] page(int offset, int limit) {
        int total = size();
        if (offset < 0 || limit <= 0 || offset >= total) {
            return new int[0];
        }
        int[] out = new int[(int) Math.min(limit, (long) total - offset)];
        collect(root, offset, out, 0);
        return out;
    }

    /** In-order walk that skips whole subtrees before {@code offset}: O(log n + limit). Returns the next free index of {@code out}. */
    private int collect(int n, int offset, int[] out, int filled) {
        if (n == NIL || filled >= out.length) {
            return filled;
        }
        int l = size(left(n));
        if (offset < l) {
            filled = collect(left(n), offset, out, filled);
        }
        if (filled < out.length && offset <= l) {
            out[filled++] = n;
        }
        if (filled < out.length) {
            filled = collect(right(n), Math.max(0, offset - l - 1), out, filled);
        }
        return filled;
    }

    /** The key first (both read from the nodes, already in cache on a descent), the caller's order on a tie. */
    private int compare(int a, int b) {
        int x = a * NODE;
        int y = b * NODE;
        if (nodes[x] != nodes[y]) {
            return nodes[x] < nodes[y] ? -1 : 1;
        }
        if (nodes[x + 1] != nodes[y + 1]) {
            return nodes[x + 1] < nodes[y + 1] ? -1 : 1;
        }
        return order.compare(a, b);
    }

    private void ensure(int e) {
        if ((long) e * NODE < nodes.length) {
            return;
        }
        int slots = nodes.length / NODE;
        int capacity = Math.max(e + 1, Math.max(8, slots + (slots >> 1)));
        nodes = Arrays.copyOf(nodes, capacity * NODE);
    }

    private static long links(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    private int left(int n) {
        return (int) (nodes[n * NODE + 2] >> 32);
    }

    private int right(int n) {
        return (int) nodes[n * NODE + 2];
    }

    private void setLeft(int n, int l) {
        nodes[n * NODE + 2] = links(l, right(n));
    }

    private void setRight(int n, int r) {
        nodes[n * NODE + 2] = links(left(n), r);
    }

    private void update(int n) {
        nodes[n * NODE + 3] = 1 + size(left(n)) + size(right(n));
    }

    private int size(int n) {
        return n == NIL ? 0 : (int) nodes[n * NODE + 3];
    }

    /** A fixed pseudo-random priority per element (murmur3's finaliser), so a treap needs no priority array. */
    private int priority(int e) {
        int h = e * 0x9E3779B9 + seed;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
