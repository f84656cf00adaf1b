package dev.sluice.examples.versioning.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay on loopback that models the network between a client and one server (a service, or
 * PostgreSQL): every round trip through it pays {@link #rtt()} once.
 *
 * <p>A round trip is a client turn: the client sends after it has received something since its
 * last send (or for the first time). The client-to-server direction is a delay line: each chunk the
 * client sends is forwarded {@code rtt} after it arrived, so a request written in several chunks
 * still pays the delay once (the chunks are in flight together, as on a wire); the answer comes
 * back at once. One HTTP request/response, one PostgreSQL statement (Parse/Bind/Execute/Sync are
 * sent together) and one COMMIT are one round trip each. Both pipelines of the demo cross the same
 * relays, so the model charges them alike, per round trip they make.
 *
 * <p>The relay counts turns ({@link #roundTrips()}) and the delay it actually paid
 * ({@link #delayPaidNanos()}: the wait of each turn's first chunk, which includes the scheduler's
 * oversleep), whatever the RTT, so the demo can print round trips per record for both pipelines.
 * At an RTT of 0 the count can be a little high: a request the client writes in two parts may be
 * answered in part before its second part arrives, which looks like a new turn. With a delay
 * longer than the client's pause between the two parts, the second part is in flight before the
 * answer comes and the count is exact (tested at 20 ms); on a loaded machine, small RTTs can
 * still over-count by a few percent (the demo saw 9.0 to 9.25 turns for 9 per record).
 * The RTT and the upstream can be changed while the relay runs (for the next chunk and the next
 * connection respectively).
 */
public final class NetworkRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkRelay.class);
    private static final int CHUNK = 64 * 1024;

    private final String name;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder delayPaid = new LongAdder();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile InetSocketAddress upstream;
    private volatile long rttNanos;
    private volatile boolean closed;

    /** Starts a relay named {@code name} on a free loopback port, forwarding to {@code upstream}. */
    public NetworkRelay(String name, InetSocketAddress upstream, Duration rtt) throws IOException {
        this.name = name;
        this.upstream = upstream;
        rtt(rtt);
        this.listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, name + "-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The loopback address clients connect to. */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** The delay each round trip pays. */
    public Duration rtt() {
        return Duration.ofNanos(rttNanos);
    }

    /** Sets the delay of every round trip from now on. */
    public void rtt(Duration rtt) {
        if (rtt == null || rtt.isNegative() || rtt.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("network RTT must be between 0 and 10 s; got " + rtt);
        }
        this.rttNanos = rtt.toNanos();
    }

    /** Points new connections at another server (e.g. a restarted service on a new port). */
    public void upstream(InetSocketAddress upstream) {
        this.upstream = upstream;
    }

    /** Client turns (round trips) relayed so far. */
    public long roundTrips() {
        return roundTrips.sum();
    }

    /** Delay paid so far, over all round trips (the turns' first chunks' actual waits). */
    public long delayPaidNanos() {
        return delayPaid.sum();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{} relay stopped accepting: {}", name, e.toString());
                }
                return;
            }
            connections.incrementAndGet();
            try {
                Socket server = new Socket();
                server.setTcpNoDelay(true);
                server.connect(upstream, 5_000);
                client.setTcpNoDelay(true);
                new Connection(client, server).start();
            } catch (IOException e) {
                // The upstream is down: the client sees its connection closed, as it would across a network.
                LOG.debug("{} relay could not reach {}: {}", name, upstream, e.toString());
                closeQuietly(client);
            }
        }
    }

    /** One relayed connection: a delay line towards the server, a plain copy back. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private final LinkedBlockingQueue<Chunk> inFlight = new LinkedBlockingQueue<>();
        /** True when the server has answered since the client last sent: the client's next send is a new turn. */
        private volatile boolean answered = true;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            sockets.add(client);
            sockets.add(server);
            thread("up-read", this::readClient);
            thread("up-write", this::writeServer);
            thread("down", this::copyBack);
        }

        private void thread(String role, Runnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } finally {
                    close();
                }
            }, name + "-relay-" + role);
            t.setDaemon(true);
            t.start();
        }

        private void readClient() {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = client.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    boolean turn = answered;
                    if (turn) {
                        answered = false;
                        roundTrips.increment();
                    }
                    long now = System.nanoTime();
                    inFlight.add(new Chunk(Arrays.copyOf(buffer, n), now, now + rttNanos, turn));
                }
            } catch (IOException e) {
                // the client went away
            }
            inFlight.add(Chunk.END);
        }

        private void writeServer() {
            try (OutputStream out = server.getOutputStream()) {
                while (true) {
                    Chunk chunk = inFlight.take();
                    if (chunk == Chunk.END) {
                        return;
                    }
                    long wait;
                    while ((wait = chunk.due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.turn) {
                        delayPaid.add(System.nanoTime() - chunk.arrived);
                    }
                    out.write(chunk.bytes);
                    out.flush();
                }
            } catch (IOException e) {
                // the server went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void copyBack() {
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    answered = true;
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            }
        }

        private void close() {
            closeQuietly(client);
            closeQuietly(server);
            sockets.remove(client);
            sockets.remove(server);
        }
    }

    /** Bytes in flight towards the server, due at {@code due}; {@code turn}: the first chunk of a round trip. */
    private record Chunk(byte[] bytes, long arrived, long due, boolean turn) {
        static final Chunk END = new Chunk(new byte[0], 0, 0, false);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Cuts every relayed connection (as a network partition would) without stopping the relay. */
    public void cutConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cutConnections();
    }
}
