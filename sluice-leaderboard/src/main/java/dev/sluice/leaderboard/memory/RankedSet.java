package dev.sluice.leaderboard.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A sorted set with positions: an order-statistic treap (each node counts its subtree), so adding,
 * removing, "how many are ahead of this element" and "the elements from position i" are O(log n) in
 * expectation, plus the length of a page (insert by rotation, remove by merging the children). The JDK's {@code TreeSet} and Guava's {@code TreeMultiset}
 * answer none of the positional questions below O(n), which is why this class exists.
 *
 * <p>Not thread-safe: the caller guards it (one {@link WindowInstance} lock).
 *
 * @param <E> elements, distinct under the comparator
 */
public final class RankedSet<E> {

    private static final class Node<E> {
        final E value;
        final int priority;
        int size = 1;
        Node<E> left;
        Node<E> right;

        Node(E value, int priority) {
            this.value = value;
            this.priority = priority;
        }
    }

    private final Comparator<? super E> order;
    private final SplittableRandom random;
    private Node<E> root;

    /** An empty set in {@code order}; {@code seed} fixes the tree's shape (not its answers). */
    public RankedSet(Comparator<? super E> order, long seed) {
        this.order = order;
        this.random = new SplittableRandom(seed);
    }

    public int size() {
        return size(root);
    }

    /** Adds {@code value}; returns false (and changes nothing) when an equal element is already there. */
    public boolean add(E value) {
        int before = size();
        root = insert(root, value);
        return size() != before;
    }

    /** Inserts below {@code n} and rotates the new node up while its priority is higher: one descent, no allocation but the node. */
    private Node<E> insert(Node<E> n, E value) {
        if (n == null) {
            return new Node<>(value, random.nextInt());
        }
        int c = order.compare(value, n.value);
        if (c == 0) {
            return n;
        }
        if (c < 0) {
            n.left = insert(n.left, value);
            if (n.left.priority > n.priority) {
                return rotateRight(n);
            }
        } else {
            n.right = insert(n.right, value);
            if (n.right.priority > n.priority) {
                return rotateLeft(n);
            }
        }
        update(n);
        return n;
    }

    private Node<E> rotateRight(Node<E> n) {
        Node<E> l = n.left;
        n.left = l.right;
        update(n);
        l.right = n;
        update(l);
        return l;
    }

    private Node<E> rotateLeft(Node<E> n) {
        Node<E> r = n.right;
        n.right = r.left;
        update(n);
        r.left = n;
        update(r);
        return r;
    }

    /** Removes the element equal to {@code value}; returns whether there was one. */
    public boolean remove(E value) {
        int before = size();
        root = remove(root, value);
        return size() != before;
    }

    public boolean contains(E value) {
        Node<E> n = root;
        while (n != null) {
            int c = order.compare(value, n.value);
            if (c == 0) {
                return true;
            }
            n = c < 0 ? n.left : n.right;
        }
        return false;
    }

    /** How many elements come before {@code value} (whether or not it is in the set). */
    public int before(E value) {
        int count = 0;
        Node<E> n = root;
        while (n != null) {
            if (order.compare(value, n.value) <= 0) {
                n = n.left;
            } else {
                count += size(n.left) + 1;
                n = n.right;
            }
        }
        return count;
    }

    /** Up to {@code limit} elements from position {@code offset} (0-based), in order. */
    public List<E> page(int offset, int limit) {
        List<E> out = new ArrayList<>(Math.max(0, Math.min(limit, size() - offset)));
        if (offset >= 0 && limit > 0) {
            collect(root, offset, limit, out);
        }
        return out;
    }

    /** In-order walk that skips whole subtrees before {@code offset}: O(log n + limit). */
    private void collect(Node<E> n, int offset, int limit, List<E> out) {
        if (n == null || out.size() >= limit) {
            return;
        }
        int left = size(n.left);
        if (offset < left) {
            collect(n.left, offset, limit, out);
        }
        if (out.size() < limit && offset <= left) {
            out.add(n.value);
        }
        if (out.size() < limit) {
            collect(n.right, Math.max(0, offset - left - 1), limit, out);
        }
    }

    /** Merges two treaps where every element of {@code a} comes before every element of {@code b}. */
    private Node<E> merge(Node<E> a, Node<E> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            update(a);
            return a;
        }
        b.left = merge(a, b.left);
        update(b);
        return b;
    }

    private Node<E> remove(Node<E> n, E value) {
        if (n == null) {
            return null;
        }
        int c = order.compare(value, n.value);
        if (c == 0) {
            return merge(n.left, n.right);
        }
        if (c < 0) {
            n.left = remove(n.left, value);
        } else {
            n.right = remove(n.right, value);
        }
        update(n);
        return n;
    }

    private static <E> void update(Node<E> n) {
        n.size = 1 + size(n.left) + size(n.right);
    }

    private static int size(Node<?> n) {
        return n == null ? 0 : n.size;
    }
}
