package dev.sluice.leaderboard.memory;

import java.util.Arrays;

/**
 * A sorted set of small non-negative ints (slots) with positions: an order-statistic treap kept in
 * primitive arrays, indexed by the element itself (each node counts its subtree), so adding,
 * removing, "how many are ahead of this element" and "the elements from position i" are O(log n) in
 * expectation, plus the length of a page. The order is given over elements ({@link Order}), so the
 * caller keeps the keys in its own arrays and this class holds nothing the garbage collector has to
 * trace: three int arrays, whatever the size. A node's priority is a hash of the element and the
 * seed, so it needs no storage. The JDK's {@code TreeSet} and Guava's {@code TreeMultiset} answer
 * none of the positional questions below O(n), and hold an object per element, which is why this
 * class exists.
 *
 * <p>An element must not change its place in the order while it is in the set: remove it, change
 * its key, add it again. Not thread-safe: the caller guards it (one {@link WindowInstance} lock).
 */
public final class RankedSet {

    /** A total order over elements, consistent with "equal iff the same element" for the elements added. */
    @FunctionalInterface
    public interface Order {
        int compare(int a, int b);
    }

    private static final int NIL = -1;

    private final Order order;
    private final int seed;
    private int[] left = new int[0];
    private int[] right = new int[0];
    private int[] size = new int[0];
    private int root = NIL;

    /** An empty set in {@code order}; {@code seed} fixes the tree's shape (not its answers). */
    public RankedSet(Order order, long seed) {
        this.order = order;
        this.seed = (int) (seed ^ (seed >>> 32));
    }

    public int size() {
        return size(root);
    }

    /** Adds {@code e} (non-negative); returns false (and changes nothing) when it is already there. */
    public boolean add(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("elements are non-negative; got " + e);
        }
        if (contains(e)) {
            return false;
        }
        ensure(e);
        left[e] = NIL;
        right[e] = NIL;
        size[e] = 1;
        root = insert(root, e);
        return true;
    }

    /** Inserts {@code e} below {@code n} and rotates it up while its priority is higher. */
    private int insert(int n, int e) {
        if (n == NIL) {
            return e;
        }
        if (order.compare(e, n) < 0) {
            left[n] = insert(left[n], e);
            if (priority(left[n]) > priority(n)) {
                return rotateRight(n);
            }
        } else {
            right[n] = insert(right[n], e);
            if (priority(right[n]) > priority(n)) {
                return rotateLeft(n);
            }
        }
        update(n);
        return n;
    }

    private int rotateRight(int n) {
        int l = left[n];
        left[n] = right[l];
        update(n);
        right[l] = n;
        update(l);
        return l;
    }

    private int rotateLeft(int n) {
        int r = right[n];
        right[n] = left[r];
        update(n);
        left[r] = n;
        update(r);
        return r;
    }

    /** Removes {@code e}; returns whether it was there. */
    public boolean remove(int e) {
        if (!contains(e)) {
            return false;
        }
        root = remove(root, e);
        size[e] = 0;
        return true;
    }

    private int remove(int n, int e) {
        if (n == e) {
            return merge(left[n], right[n]);
        }
        if (order.compare(e, n) < 0) {
            left[n] = remove(left[n], e);
        } else {
            right[n] = remove(right[n], e);
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
            right[a] = merge(right[a], b);
            update(a);
            return a;
        }
        left[b] = merge(a, left[b]);
        update(b);
        return b;
    }

    public boolean contains(int e) {
        // an element is in the set exactly when its node counts itself (removal zeroes it)
        return e >= 0 && e < size.length && size[e] > 0;
    }

    /** How many elements come before {@code e}, which must be in the set or compare unequal to every element. */
    public int before(int e) {
        int count = 0;
        int n = root;
        while (n != NIL) {
            if (n == e || order.compare(e, n) < 0) {
                if (n == e) {
                    return count + size(left[n]);
                }
                n = left[n];
            } else {
                count += size(left[n]) + 1;
                n = right[n];
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
        int l = size(left[n]);
        if (offset < l) {
            filled = collect(left[n], offset, out, filled);
        }
        if (filled < out.length && offset <= l) {
            out[filled++] = n;
        }
        if (filled < out.length) {
            filled = collect(right[n], Math.max(0, offset - l - 1), out, filled);
        }
        return filled;
    }

    private void ensure(int e) {
        if (e < size.length) {
            return;
        }
        int capacity = Math.max(e + 1, Math.max(8, size.length + (size.length >> 1)));
        left = Arrays.copyOf(left, capacity);
        right = Arrays.copyOf(right, capacity);
        size = Arrays.copyOf(size, capacity);
    }

    private void update(int n) {
        size[n] = 1 + size(left[n]) + size(right[n]);
    }

    private int size(int n) {
        return n == NIL ? 0 : size[n];
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
