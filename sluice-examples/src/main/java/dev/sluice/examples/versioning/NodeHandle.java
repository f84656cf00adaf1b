package dev.sluice.examples.versioning;

/** The demo's handle on one {@link VersioningNode}, in a child JVM or in this one. */
interface NodeHandle extends AutoCloseable {

    /** The node's service port (0 for workers and cron). */
    int port();

    /** Sends a command and returns the answer; throws {@link NodeFailedException} when the node answered an error. */
    String call(String command) throws Exception;

    /** The node's process id (this JVM's, in process). */
    long pid();

    /** Kills the node at once (SIGKILL for a child JVM), as a crash would. */
    void kill() throws Exception;

    @Override
    void close() throws Exception;

    /** A node's answer to a command was an error. */
    final class NodeFailedException extends Exception {
        NodeFailedException(String message) {
            super(message);
        }
    }

    /** A node in this JVM (tests): the same commands, without the process boundary. */
    static NodeHandle inProcess(VersioningNode.Spec spec) throws Exception {
        VersioningNode node = new VersioningNode(spec);
        return new NodeHandle() {
            @Override
            public int port() {
                return node.port();
            }

            @Override
            public String call(String command) throws Exception {
                try {
                    return node.handle(command);
                } catch (Exception e) {
                    throw new NodeFailedException(spec.role().argName() + ": " + VersioningNodeMain.oneLine(e));
                }
            }

            @Override
            public long pid() {
                return ProcessHandle.current().pid();
            }

            @Override
            public void kill() throws Exception {
                node.close();
            }

            @Override
            public void close() throws Exception {
                node.close();
            }
        };
    }
}
