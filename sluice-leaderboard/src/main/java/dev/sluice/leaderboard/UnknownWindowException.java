package dev.sluice.leaderboard;

import dev.sluice.SluiceException;
import java.util.List;
import java.util.stream.Collectors;

/** A query named a window the leaderboard does not maintain. */
public final class UnknownWindowException extends SluiceException {
    public UnknownWindowException(String name, List<Window> known) {
        super("Unknown window \"" + name + "\"; this leaderboard maintains " + known.stream().map(Window::name)
                .collect(Collectors.joining(", ")) + ".");
    }
}
